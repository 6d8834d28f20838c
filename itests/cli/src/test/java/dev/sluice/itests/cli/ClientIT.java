package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/sluice start, client, status and stop against a container running in the background. */
class ClientIT {

    @TempDir
    Path dir;

    private Distribution sluice;

    @BeforeEach
    void startTheContainer() throws Exception {
        sluice = Distribution.copyTo(dir);
        sluice.sshOnAnyFreePort();
        var started = sluice.run("start");
        assertThat(started.status()).as(started.output()).isZero();
        assertThat(started.output()).contains("sluice: started (pid ");
    }

    @AfterEach
    void stopTheContainer() throws Exception {
        if (sluice != null) {
            sluice.run("stop");
        }
    }

    @Test
    void shouldRunOneCommandInTheRunningContainerWithItsExitStatus() throws Exception {
        var list = sluice.run("client", "stream:list");
        assertThat(list.status()).as(list.output()).isZero();
        assertThat(list.output()).containsPattern("network-word-count +STOPPED");

        var wrong = sluice.run("client", "stream:info netwrk-word-count");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.output()).contains("sluice: no application 'netwrk-word-count'; did you mean network-word-count?");

        var status = sluice.run("status");
        assertThat(status.status()).isZero();
        assertThat(status.output()).startsWith("sluice: running (pid ");
    }

    @Test
    void shouldKeepAStreamStartedByTheClientRunningAfterTheClientLeaves() throws Exception {
        try (var server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var start = sluice.run("client", "stream:start network-word-count port=" + server.getLocalPort());
            assertThat(start.status()).as(start.output()).isZero();

            var status = sluice.run("client", "stream:status network-word-count");
            assertThat(status.output()).containsPattern("state +RUNNING");
        }
    }

    @Test
    void shouldMakeAClientKeyOnlyItsUserCanRead() throws Exception {
        Path key = sluice.file("etc/client.key");

        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(sluice.file("etc/authorized_keys"))).contains("sluice-client@");
        assertThat(Files.getPosixFilePermissions(sluice.file("etc/host.key")))
                .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    }

    @Test
    void shouldRefuseAWrongPasswordAndLogIt() throws Exception {
        addUser("operator", "{sha256}" + sha256("right horse"));

        var refused = sluice.run(Map.of("SLUICE_PASSWORD", "wrong horse"), "client", "-u", "operator", "stream:list");
        assertThat(refused.status()).isEqualTo(4);
        assertThat(refused.output()).contains("sluice: login refused for operator").doesNotContain("APPLICATION");
        assertThat(sluice.log()).contains("SSH login refused: wrong user or password for operator");

        var accepted = sluice.run(Map.of("SLUICE_PASSWORD", "right horse"), "client", "-u", "operator", "stream:list");
        assertThat(accepted.status()).as(accepted.output()).isZero();
        assertThat(accepted.output()).contains("APPLICATION");
    }

    @Test
    void shouldStopGracefullyAndSaySoAfterwards() throws Exception {
        var stop = sluice.run("stop");
        assertThat(stop.status()).isZero();
        assertThat(stop.output()).contains("sluice: stopped");

        var status = sluice.run("status");
        assertThat(status.status()).isEqualTo(3);
        assertThat(status.output()).contains("sluice: not running");
        var client = sluice.run("client", "stream:list");
        assertThat(client.status()).isEqualTo(3);
        assertThat(client.output()).contains("sluice start starts one");
        sluice = null;
    }

    private void addUser(String name, String password) throws IOException {
        Files.writeString(sluice.file("etc/users.properties"), name + " = " + password + "\n", StandardOpenOption.APPEND);
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

}
