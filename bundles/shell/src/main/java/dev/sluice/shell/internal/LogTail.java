package dev.sluice.shell.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import dev.sluice.api.SluiceException;

/**
 * The end of a log file and the lines added since, as {@code tail -f} reads it: by position,
 * starting over when the file was rolled over (it became shorter than what was read).
 */
final class LogTail {

    private static final long POLL_MILLIS = 250;

    private final Path file;
    private long position;
    private String partial = "";

    LogTail(Path file) {
        this.file = file;
    }

    /** The last {@code n} lines; later calls to {@link #more()} continue after them. */
    List<String> last(int n) throws IOException {
        if (!Files.exists(file)) {
            throw new SluiceException("no log file at " + file + " yet; the container writes it once it logs");
        }
        var lines = new ArrayDeque<String>();
        for (String line : more()) {
            if (lines.size() == Math.max(0, n)) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
        return List.copyOf(lines);
    }

    /** The complete lines written since the last call. */
    List<String> more() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (var in = new RandomAccessFile(file.toFile(), "r")) {
            if (in.length() < position) {
                position = 0; // rolled over
                partial = "";
            }
            in.seek(position);
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, in.length() - position)];
            in.readFully(bytes);
            position += bytes.length;
            String text = partial + new String(bytes, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            partial = text.substring(end + 1);
            return end < 0 ? List.of() : new ArrayList<>(text.substring(0, end).lines().toList());
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** Waits until lines were added; a log file gives no notice, so this looks four times a second. */
    List<String> awaitMore() throws IOException, InterruptedException {
        List<String> lines = more();
        while (lines.isEmpty()) {
            Thread.sleep(POLL_MILLIS);
            lines = more();
        }
        return lines;
    }
}
