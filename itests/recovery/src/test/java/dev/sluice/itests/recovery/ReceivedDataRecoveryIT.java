package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec's NetworkWordCount with every received block in the write-ahead log
 * ({@code receiver.writeAheadLog=true}): lines received and logged, but not yet in a completed
 * batch, when the process is killed are counted after the restart, once.
 */
@ExtendWith(FailedRunLogs.class)
class ReceivedDataRecoveryIT {

    private static final String APP = "network-word-count";
    private static final int LINES = 2_000;
    /** Long enough that the lines are received and logged well before the batch that would take them. */
    private static final String BATCH = "batch=8s";
    private static final Pattern COUNT = Pattern.compile("\\((\\w+),(\\d+)\\)");

    @TempDir
    Path root;

    @Test
    void shouldCountLoggedLinesThatNoBatchHadTakenWhenTheProcessWasKilled() throws Exception {
        Path distribution = LineCountApp.distribution();
        Path checkpoint = root.resolve("checkpoint");
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> arguments = List.of(APP, "host=127.0.0.1", "port=" + server.getLocalPort(), BATCH,
                    "checkpoint=" + checkpoint, "receiver.writeAheadLog=true");
            try (var first = SluiceRun.start("run-1", distribution, arguments, root.resolve("felix-1"),
                    root.resolve("run-1.log"))) {
                try (Socket client = server.accept()) {
                    first.awaitOutput("Time: ");
                    send(client, "wal\n".repeat(LINES) + "end\n");
                    // the last line logged: every line before it is, too (a receiver's blocks are logged in order)
                    first.await("the last line in the write-ahead log", () -> logged(checkpoint, "end"));
                    first.kill();
                }
                assertThat(counted(first.output(), "wal")).as("no batch took the lines before the kill").isZero();
            }
            try (var second = SluiceRun.start("run-2", distribution, arguments, root.resolve("felix-2"),
                    root.resolve("run-2.log"))) {
                Socket reconnected = server.accept();
                second.await("the recovered lines counted", () -> counted(second.output(), "end") == 1);
                assertThat(counted(second.output(), "wal")).as("every logged line, once").isEqualTo(LINES);
                assertThat(second.output()).contains("read back");
                reconnected.close();
            }
        }
    }

    private static void send(Socket client, String text) {
        try {
            OutputStream out = client.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The printed count of {@code word}, summed over every batch printed. */
    private static long counted(String output, String word) {
        long n = 0;
        Matcher m = COUNT.matcher(output);
        while (m.find()) {
            if (m.group(1).equals(word)) {
                n += Long.parseLong(m.group(2));
            }
        }
        return n;
    }

    /**
     * Whether a write-ahead log file holds {@code word} as a line: the socket source's lines are
     * logged as the bytes received, each line ending in its newline, so the line is the word and a
     * newline after a byte that cannot be part of a word (the newline before it, or the block's header).
     */
    private static boolean logged(Path checkpoint, String word) {
        Path logs = checkpoint.resolve("receivedData");
        if (!Files.isDirectory(logs)) {
            return false;
        }
        byte[] line = (word + "\n").getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (holdsLine(Files.readAllBytes(f), line)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // a file rolled away meanwhile: look again
        }
    }

    private static boolean holdsLine(byte[] data, byte[] line) {
        outer:
        for (int i = 1; i + line.length <= data.length; i++) {
            for (int j = 0; j < line.length; j++) {
                if (data[i + j] != line[j]) {
                    continue outer;
                }
            }
            if (!Character.isLetterOrDigit(data[i - 1])) {
                return true;
            }
        }
        return false;
    }
}
