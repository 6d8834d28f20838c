package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's plain Java command: the API with no container, from the distribution's lib/java/. */
class PlainJavaIT {

    @TempDir
    Path dir;

    @Test
    void shouldCountWordsWithTheClassPathOfLibJava() throws Exception {
        var sluice = Distribution.copyTo(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var output = new StringBuffer();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = new ProcessBuilder(List.of(java, "-cp", "lib/java/*", "dev.sluice.examples.NetworkWordCount",
                    "local[2]", "127.0.0.1", String.valueOf(server.getLocalPort())))
                    .directory(sluice.home().toFile()).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> copy(p.getInputStream(), output), "plain-java-output");
            reader.start();
            try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                // one line, sent once the receiver is connected, so some batch counts exactly it
                out.write("hello world hello\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                // the batch's elements, then its delay line
                while (!counted(output) && p.isAlive() && System.nanoTime() < deadline) {
                    p.waitFor(50, TimeUnit.MILLISECONDS);
                }
            } finally {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                reader.join(10_000);
            }
        }
        assertThat(output.toString()).contains("(hello,2)", "(world,1)", "Total delay: ")
                .doesNotContain("FrameworkUtil", "Exception");
    }

    private static boolean counted(StringBuffer output) {
        int batch = output.indexOf("(world,1)");
        return batch >= 0 && output.indexOf("Total delay: ", batch) >= 0;
    }

    private static void copy(InputStream in, StringBuffer to) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                to.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
