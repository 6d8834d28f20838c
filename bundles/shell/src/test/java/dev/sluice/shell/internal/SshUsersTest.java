package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshUsersTest {

    @TempDir
    Path dir;

    @Test
    void shouldAcceptThePasswordOfTheFileInPlainOrAsItsSha256() throws Exception {
        Path file = dir.resolve("users.properties");
        Files.writeString(file, "# users\nada = plain secret\nbob = {sha256}" + SshUsers.sha256("hashed secret") + "\n");
        var users = new SshUsers(file);

        assertThat(users.accepts("ada", "plain secret")).isTrue();
        assertThat(users.accepts("bob", "hashed secret")).isTrue();
        assertThat(users.accepts("ada", "plain secreT")).isFalse();
        assertThat(users.accepts("bob", SshUsers.sha256("hashed secret"))).as("the hash is no password").isFalse();
        assertThat(users.accepts("eve", "")).isFalse();
    }

    @Test
    void shouldAcceptNoPasswordWithoutTheFile() throws Exception {
        assertThat(new SshUsers(dir.resolve("missing.properties")).accepts("ada", "x")).isFalse();
    }
}
