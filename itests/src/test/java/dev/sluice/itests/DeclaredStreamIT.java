package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A stream declared as configuration (what FileInstall makes of a .cfg file in etc/ or deploy/): it
 * starts when declared, is declared again when changed, and stops when withdrawn; a bad declaration
 * disturbs nothing else.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeclaredStreamIT {

    @Inject
    private StreamManager streams;

    @Inject
    private ConfigurationAdmin configurations;

    private LineServer server;
    private org.osgi.service.cm.Configuration declared;

    @Configuration
    public Option[] configuration() {
        return options(SluiceContainer.assembled(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject().startLevel(2));
    }

    @After
    public void cleanUp() throws Exception {
        if (declared != null) {
            declared.delete();
        }
        if (server != null) {
            server.close();
        }
    }

    private Dictionary<String, Object> wordCount(Path out, String name) {
        var p = new Hashtable<String, Object>();
        p.put("name", name);
        p.put("source", "socket");
        var where = dev.sluice.api.Config.parse(server.arguments());
        p.put("source.host", where.string("host"));
        p.put("source.port", where.string("port"));
        p.put("stages", "words, counts");
        p.put("stage.words", "split-words");
        p.put("stage.counts", "count-by-value");
        p.put("outputs", "files");
        p.put("sink.files", "text-files");
        p.put("sink.files.prefix", out.resolve("counts").toString());
        p.put("batch", "200ms");
        return p;
    }

    @Test
    public void aDeclaredStreamStartsIsUpgradedWhenChangedAndStopsWhenWithdrawn() throws Exception {
        SluiceContainer.awaitApplicationAndPlugins(streams);
        Await.until("the operator library", streams::plugins,
                plugins -> plugins.stream().anyMatch(p -> p.type().equals("count-by-value")));
        server = new LineServer();
        Path out = Files.createTempDirectory("declared");
        declared = configurations.createFactoryConfiguration("dev.sluice.stream", "?");
        declared.update(wordCount(out, "declared-count"));
        Await.until("the declared stream running", () -> state("declared-count"), StreamState.RUNNING::equals);

        LineServer.Connection connection = server.awaitConnection();
        connection.send("to be or not to be");
        Await.until("the counts written", () -> lines(out), l -> l.contains("(be,2)") && l.contains("(to,2)"));

        var changed = wordCount(out, "declared-count");
        changed.put("stages", "words, lower, counts");
        changed.put("stage.lower", "lowercase");
        declared.update(changed);
        // a live upgrade: the stream goes on with the new stages, its unchanged source still connected
        Await.until("the declared stream upgraded", () -> streams.status("declared-count"),
                s -> s.state() == StreamState.RUNNING && !s.upgrades().isEmpty());
        connection.send("BE quick");
        Await.until("the counts of the changed stream", () -> lines(out), l -> l.contains("(be,1)")
                && l.contains("(quick,1)"));

        declared.delete();
        declared = null;
        Await.until("the declared stream gone", streams::list,
                list -> list.stream().map(StreamSummary::application).noneMatch("declared-count"::equals));
    }

    @Test
    public void aBadDeclarationIsRefusedAndDisturbsNothingElse() throws Exception {
        server = new LineServer();
        var bad = wordCount(Files.createTempDirectory("bad"), "bad-declaration");
        bad.put("batchInterval", "1s");
        var refused = configurations.createFactoryConfiguration("dev.sluice.stream", "?");
        refused.update(bad);
        // declarations are handled in order: once a later good one runs, the bad one has been refused
        declared = configurations.createFactoryConfiguration("dev.sluice.stream", "?");
        declared.update(wordCount(Files.createTempDirectory("good"), "good-declaration"));
        try {
            Await.until("the good declaration running", () -> state("good-declaration"), StreamState.RUNNING::equals);
            List<String> names = streams.list().stream().map(StreamSummary::application).toList();
            assertTrue(names.contains("network-word-count"));
            assertEquals(false, names.contains("bad-declaration"));
            StreamSummary failed = refusedEntry("batchInterval is not a key of a declared stream");
            assertEquals(StreamState.FAILED, failed.state());
            assertTrue(failed.description(), failed.description().contains("did you mean blockInterval?"));
            assertEquals(StreamState.RUNNING, state("good-declaration"));
        } finally {
            refused.delete();
        }
        Await.until("the refused entry gone with its configuration", streams::list,
                list -> list.stream().noneMatch(s -> s.description().contains("batchInterval")));
    }

    @Test
    public void anUnknownOperatorTypeIsListedAsFailedWithTheInstalledOperators() throws Exception {
        Await.until("the operator library", streams::plugins,
                plugins -> plugins.stream().anyMatch(p -> p.type().equals("count-by-value")));
        server = new LineServer();
        var mistyped = wordCount(Files.createTempDirectory("mistyped"), "mistyped");
        mistyped.put("stage.counts", "count-by-valu");
        declared = configurations.createFactoryConfiguration("dev.sluice.stream", "?");
        declared.update(mistyped);

        Await.until("the refused entry", streams::list,
                list -> list.stream().anyMatch(s -> s.description().contains("count-by-valu'")));
        StreamSummary failed = refusedEntry("count-by-valu'");
        assertEquals(StreamState.FAILED, failed.state());
        assertTrue(failed.description(), failed.description().contains("stage.counts names operator plugin"
                + " 'count-by-valu', which is not installed; did you mean count-by-value? (installed operators: "));
        assertTrue(failed.description(), failed.description().contains("split-words"));
        assertEquals(null, state("mistyped"));

        mistyped.put("stage.counts", "count-by-value");
        declared.update(mistyped);
        Await.until("the corrected stream running", () -> state("mistyped"), StreamState.RUNNING::equals);
        assertTrue(streams.list().stream().noneMatch(s -> s.state() == StreamState.FAILED));
    }

    private StreamSummary refusedEntry(String error) {
        return streams.list().stream().filter(s -> s.description().contains(error)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry with '" + error + "' in " + streams.list()));
    }

    private StreamState state(String name) {
        return streams.list().stream().filter(s -> s.application().equals(name)).map(StreamSummary::state)
                .findFirst().orElse(null);
    }

    /** Every line the text-files sink wrote, over all batches; none while a batch is being renamed into place. */
    private static List<String> lines(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            var all = new ArrayList<String>();
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                all.addAll(Files.readAllLines(f));
            }
            return all;
        } catch (java.nio.file.NoSuchFileException e) {
            // the sink renamed a hidden attempt directory while it was walked: the caller looks again
            return List.of();
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
                return List.of(); // the same, met by the walk itself
            }
            throw e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
