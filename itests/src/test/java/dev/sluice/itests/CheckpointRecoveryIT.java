package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * file-line-count with checkpoint=DIR in the container, driven from the shell: stopped at once, it
 * recovers at its next start (the total goes on, the file that came while it was stopped is
 * counted once); stream:checkpoint shows the latest checkpoint; stream:stop --graceful leaves
 * nothing pending.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CheckpointRecoveryIT {

    private static final String APP = "file-line-count";
    private static final Pattern TOTAL_DIR = Pattern.compile("lines-(\\d+)\\.total");

    @Inject
    private CommandProcessor processor;

    @Inject
    private StreamManager streams;

    private GogoShell shell;
    private Path in;
    private Path out;
    private Path checkpoint;

    @Configuration
    public Option[] configuration() {
        return options(SluiceContainer.assembled());
    }

    @Before
    public void openASession() throws IOException {
        Path root = Files.createTempDirectory("sluice-checkpoint-it");
        in = Files.createDirectory(root.resolve("in"));
        out = Files.createDirectory(root.resolve("out"));
        checkpoint = root.resolve("checkpoint");
        Await.until(APP + " with the files source and the text-files sink", streams::plugins,
                plugins -> plugins.stream().anyMatch(p -> p.type().equals("text-files"))
                        && plugins.stream().anyMatch(p -> p.type().equals("files"))
                        && streams.list().stream().anyMatch(s -> s.application().equals(APP)));
        shell = new GogoShell(processor);
    }

    @After
    public void stopTheStream() {
        shell.close();
        streams.stop(APP);
    }

    @Test
    public void shouldRecoverAtTheNextStartAndStopGracefullyWithNothingPending() throws Exception {
        String start = "stream:start " + APP + " dir=" + in + " out=" + out.resolve("lines") + " checkpoint="
                + checkpoint + " batch=500ms";
        shell.execute(start);
        moveIn("a.txt", 3);
        Await.until("the total of a.txt's lines", this::latestTotal, total -> total == 3);
        String shown = Await.until("a checkpoint in stream:checkpoint", this::checkpointShown,
                s -> s.contains("total at"));
        assertTrue(shown, shown.contains(checkpoint.toString()));

        shell.execute("stream:stop " + APP);
        moveIn("b.txt", 5);
        shell.execute(start);
        Await.until("the total going on from the checkpoint with b.txt", this::latestTotal, total -> total == 8);

        String stopped = shell.execute("stream:stop --graceful " + APP);
        assertTrue(stopped, Pattern.compile("(?m)^state\\s+STOPPED$").matcher(stopped).find());
        assertEquals(StreamState.STOPPED, streams.status(APP).state());
        String last = shell.execute("stream:checkpoint " + APP);
        assertTrue(last, Pattern.compile("(?m)^pending\\s+-$").matcher(last).find());
        assertEquals("every line counted once over all batches", 8, countedLines());
    }

    private String checkpointShown() {
        try {
            return shell.execute("stream:checkpoint " + APP);
        } catch (Exception e) {
            throw new AssertionError("stream:checkpoint failed", e);
        }
    }

    private void moveIn(String name, int lines) throws IOException {
        var text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append(name).append(' ').append(i).append('\n');
        }
        Path staged = Files.writeString(in.resolveSibling(name), text, StandardCharsets.UTF_8);
        Files.move(staged, in.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The running total of the latest complete batch, or -1 before the first. */
    private long latestTotal() {
        var totals = new TreeMap<Long, Long>();
        for (Path batch : batches()) {
            var m = TOTAL_DIR.matcher(batch.getFileName().toString());
            if (m.matches()) {
                totals.put(Long.parseLong(m.group(1)), sum(batch));
            }
        }
        return totals.isEmpty() ? -1 : totals.lastEntry().getValue();
    }

    /** The per-batch counts, summed over every complete batch directory. */
    private long countedLines() {
        return batches().stream().filter(b -> b.getFileName().toString().matches("lines-\\d+"))
                .mapToLong(CheckpointRecoveryIT::sum).sum();
    }

    private List<Path> batches() {
        try (Stream<Path> all = Files.list(out)) {
            return new ArrayList<>(all.filter(b -> Files.exists(b.resolve("_SUCCESS"))).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sum(Path batch) {
        try (Stream<Path> parts = Files.list(batch)) {
            long n = 0;
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    n += Long.parseLong(line.strip());
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
