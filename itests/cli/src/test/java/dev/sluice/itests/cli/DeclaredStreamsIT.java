package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declared stream files in the background container, as a user drives it: from etc/ at start,
 * dropped into deploy/ while it runs, edited, deleted, across a restart; bad files of several kinds
 * listed as FAILED with their error while everything else runs.
 */
class DeclaredStreamsIT {

    /** How often a line is sent again while its stream may still be (re)connecting. */
    private static final java.time.Duration RESEND = java.time.Duration.ofMillis(500);

    @TempDir
    Path dir;

    private Distribution sluice;

    @BeforeEach
    void copyTheDistribution() throws Exception {
        sluice = Distribution.copyTo(dir);
    }

    @AfterEach
    void stopTheContainer() throws Exception {
        sluice.run("stop");
    }

    /** A word count from a line server into text files under {@code out}, with extra lines. */
    private static String wordCount(LineServer server, Path out, String... more) {
        return String.join("\n", """
                source = socket
                source.host = localhost
                source.port = %d
                stages = words, counts
                stage.words = split-words
                stage.counts = count-by-value
                outputs = files
                sink.files = text-files
                sink.files.prefix = %s
                batch = 500ms
                """.formatted(server.port(), out.resolve("counts")), String.join("\n", more)) + "\n";
    }

    @Test
    void shouldRunDeclaredStreamsFromEtcAndDeployAsTheirFilesComeChangeAndGo() throws Exception {
        Path etcOut = dir.resolve("etc-out");
        Path hotOut = dir.resolve("hot-out");
        try (var etcServer = new LineServer(); var hotServer = new LineServer(); var fixedServer = new LineServer()) {
            Files.writeString(sluice.file("etc/dev.sluice.stream-from-etc.cfg"), wordCount(etcServer, etcOut));
            writeBadFiles(etcServer);
            sluice.startInBackground();

            String list = sluice.client("stream:list");
            assertThat(list).containsPattern("from-etc +RUNNING").containsPattern("network-word-count +STOPPED");
            assertThat(list).containsPattern("dev.sluice.stream-unknown-key.cfg +FAILED +\\S*"
                    + "dev.sluice.stream-unknown-key.cfg: batchInterval is not a key of a declared stream; did you mean"
                    + " blockInterval\\? \\(valid keys: ");
            assertThat(list).containsPattern("dev.sluice.stream-undefined-stage.cfg +FAILED +\\S*: stage.counts is"
                    + " missing: the operator type of stage counts");
            assertThat(list).containsPattern("dev.sluice.stream-no-outputs.cfg +FAILED +\\S*: outputs is missing");
            assertThat(list).containsPattern("dev.sluice.stream-bad-value.cfg +FAILED +\\S*: batch must be a"
                    + " duration such as 500ms, 1s or 2m, got 'soon'");
            assertThat(list).containsPattern("dev.sluice.stream-mistyped-operator.cfg +FAILED +\\S*: stage.counts"
                    + " names operator plugin 'count-by-valu', which is not installed; did you mean count-by-value\\?"
                    + " \\(installed operators: [a-z, -]*count-by-value");
            assertThat(sluice.client("stream:status dev.sluice.stream-bad-value.cfg")).containsPattern("state +FAILED");

            etcServer.awaitConnections(1).send("to be or not to be");
            awaitLines(etcOut, "(be,2)", "(to,2)", "(or,1)");

            dropIntoDeploy("dev.sluice.stream-hot.cfg", wordCount(hotServer, hotOut));
            hotServer.awaitConnections(1).send("Hot Hot");
            awaitLines(hotOut, "(Hot,2)");
            assertThat(sluice.client("stream:list")).containsPattern("hot +RUNNING");

            dropIntoDeploy("dev.sluice.stream-hot.cfg", wordCount(hotServer, hotOut).replace(
                    "stages = words, counts", "stages = words, lower, counts") + "stage.lower = lowercase\n");
            // whether the stream restarts (a new connection) or keeps its receiver, a line sent after the
            // edit is counted by the new stages: lowercase words appear only through them
            sendUntilCounted(hotServer, "COLD Cold", hotOut, "(cold,");

            Files.writeString(sluice.file("etc/dev.sluice.stream-mistyped-operator.cfg"), wordCount(fixedServer,
                    dir.resolve("fixed-out")).replace("source = socket", "name = fixed\nsource = socket"));
            awaitList("the fixed file's stream running and its FAILED entry gone", l -> l.matches("(?s).*\\bfixed +RUNNING.*")
                    && !l.matches("(?s).*\\bdev.sluice.stream-mistyped-operator.cfg +FAILED.*"));

            Files.delete(sluice.file("deploy/dev.sluice.stream-hot.cfg"));
            awaitList("the deleted file's stream gone", l -> !l.matches("(?s).*\\bhot +RUNNING.*"));
            assertThat(sluice.client("stream:list")).containsPattern("from-etc +RUNNING");

            sluice.restartInBackground();
            String after = sluice.client("stream:list");
            assertThat(after).containsPattern("from-etc +RUNNING").containsPattern("fixed +RUNNING")
                    .containsPattern("dev.sluice.stream-bad-value.cfg +FAILED").doesNotContainPattern("(?m)^hot\\s");
            sendUntilCounted(etcServer, "after the restart", etcOut, "(restart,");
        }
    }

    /** Bad files of several kinds, in etc/ before the container starts. */
    private void writeBadFiles(LineServer server) throws IOException {
        Path out = dir.resolve("bad-out");
        bad("unknown-key", wordCount(server, out, "batchInterval = 1s"));
        bad("undefined-stage", wordCount(server, out).replace("stage.counts = count-by-value\n", ""));
        bad("no-outputs", wordCount(server, out).replace("outputs = files\n", "")
                .replaceAll("sink\\.files.*\n", ""));
        bad("bad-value", wordCount(server, out).replace("batch = 500ms", "batch = soon"));
        bad("mistyped-operator", wordCount(server, out).replace("= count-by-value", "= count-by-valu"));
    }

    private void bad(String name, String content) throws IOException {
        Files.writeString(sluice.file("etc/dev.sluice.stream-" + name + ".cfg"), content);
    }

    /** Written beside deploy/ and moved in, so that FileInstall never reads half a file. */
    private void dropIntoDeploy(String name, String content) throws IOException {
        Path staged = Files.writeString(dir.resolve(name), content);
        Files.move(staged, sluice.file("deploy/" + name), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private void awaitList(String what, java.util.function.Predicate<String> done) {
        String[] seen = {""};
        Await.until(what, () -> {
            try {
                seen[0] = sluice.client("stream:list");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return done.test(seen[0]);
        }, () -> seen[0]);
    }

    /**
     * Sends {@code line} again until a count starting with {@code counted} is written: the stream it is
     * for may still be connecting (anew after an edit or a restart), and a line sent before only
     * reaches the connection that is going away.
     */
    private static void sendUntilCounted(LineServer server, String line, Path out, String counted) {
        Await.until("a count " + counted + "...) in the text files under " + out, () -> {
            if (lines(out).stream().anyMatch(l -> l.startsWith(counted))) {
                return true;
            }
            server.send(line);
            return false;
        }, () -> lines(out).toString(), RESEND);
    }

    private static void awaitLines(Path out, String... expected) {
        Await.until(String.join(", ", expected) + " in the text files under " + out,
                () -> lines(out).containsAll(List.of(expected)), () -> lines(out).toString());
    }

    /**
     * Every line the text-files sink wrote under {@code out}, over all complete batches; a batch being
     * renamed into place while this reads shows at the next poll.
     */
    private static List<String> lines(Path out) {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        var all = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                all.addAll(Files.readAllLines(f));
            }
            return all;
        } catch (NoSuchFileException | UncheckedIOException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
