package dev.sluice.web.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import dev.sluice.api.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path dir;

    @Test
    void shouldGenerateARandomPasswordIntoAFileOnlyItsOwnerCanRead() throws Exception {
        Path file = dir.resolve("etc/web.password");

        Credentials first = Credentials.loadOrGenerate("sluice", file);
        String password = Files.readString(file).strip();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        assertThat(first.accept("sluice", password)).isTrue();
        assertThat(first.readableByOthers()).isFalse();
        assertThat(Credentials.loadOrGenerate("sluice", dir.resolve("other")).accept("sluice", password)).isFalse();
    }

    @Test
    void shouldKeepAPasswordTheUserWroteAndRefuseOthers() throws Exception {
        Path file = Files.writeString(dir.resolve("web.password"), "correct horse battery staple\n");

        Credentials credentials = Credentials.loadOrGenerate("ops", file);

        assertThat(credentials.accept("ops", "correct horse battery staple")).isTrue();
        assertThat(credentials.accept("ops", "correct horse")).isFalse();
        assertThat(credentials.accept("admin", "correct horse battery staple")).isFalse();
        assertThat(credentials.accept(null, null)).isFalse();
        assertThat(Files.readString(file)).isEqualTo("correct horse battery staple\n");
    }

    @Test
    void shouldRefuseAnEmptyPasswordFileSayingWhatToDo() throws Exception {
        Path file = Files.writeString(dir.resolve("web.password"), "  \n");

        assertThatThrownBy(() -> Credentials.loadOrGenerate("sluice", file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("the web password file " + file + " is empty; write a password into it,"
                        + " or delete it to have one generated");
    }
}
