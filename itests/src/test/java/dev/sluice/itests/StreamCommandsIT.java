package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
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

/** The {@code stream:} Gogo commands, typed as a person would into the container's shell. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StreamCommandsIT {

    private static final String APP = "network-word-count";
    private static final Pattern BATCHES = Pattern.compile("(?m)^batches\\s+(\\d+) completed, (\\d+) failed$");

    @Inject
    private CommandProcessor processor;

    @Inject
    private StreamManager streams;

    private GogoShell shell;

    @Configuration
    public Option[] configuration() {
        return options(SluiceContainer.assembled());
    }

    @Before
    public void openASession() {
        SluiceContainer.awaitApplicationAndPlugins(streams);
        shell = new GogoShell(processor);
    }

    @After
    public void closeTheSessionAndStopTheStream() {
        shell.close();
        streams.stop(APP);
    }

    @Test
    public void shouldListTheNetworkWordCountApplication() throws Exception {
        String list = shell.execute("stream:list");

        assertMatches("(?m)^network-word-count\\s+STOPPED\\s+\\S.*$", list);
    }

    @Test
    public void shouldListTheSocketSourceAndTheConsoleSinkWithTheirBundles() throws Exception {
        String plugins = shell.execute("stream:plugins");

        assertMatches("(?m)^source\\s+socket\\s+dev\\.sluice\\.source\\.socket\\b.*$", plugins);
        assertMatches("(?m)^sink\\s+console\\s+dev\\.sluice\\.sink\\.console\\b.*$", plugins);
    }

    @Test
    public void shouldRefuseAnUnknownApplicationInOneLineNamingTheApplicationsThatExist() {
        String error = shell.failureOf("stream:start word-count").getMessage();

        assertOneLine(error);
        assertContains("'word-count'", error);
        assertContains(APP, error);
    }

    @Test
    public void shouldRefuseAnUnknownArgumentInOneLineNamingTheKeysTheApplicationTakes() {
        String error = shell.failureOf("stream:start network-word-count colour=red").getMessage();

        assertOneLine(error);
        assertContains("'colour'", error);
        for (String key : new String[] {"host", "port", "batch", "parallelism"}) {
            assertContains(key, error);
        }
        assertEquals(StreamState.STOPPED, streams.status(APP).state());
    }

    @Test
    public void shouldShowTheRunningStreamWithItsBatchesAndReceiverThenStopIt() throws Exception {
        try (var server = new LineServer()) {
            shell.execute("stream:start network-word-count " + String.join(" ", server.arguments("batch=200ms")));
            server.awaitConnection();

            Pattern connected = Pattern.compile("(?m)^0\\s+socket " + Pattern.quote(server.address())
                    + "\\s+yes\\s+connected to " + Pattern.quote(server.address()) + "\\s");
            String status = Await.until("a completed batch and an active, connected receiver in stream:status",
                    this::status, s -> completedBatches(s) > 0 && connected.matcher(s).find());

            assertMatches("(?m)^state\\s+RUNNING$", status);
            assertMatches("(?m)^waiting for\\s+-$", status);

            String stopped = shell.execute("stream:stop network-word-count");

            assertMatches("(?m)^state\\s+STOPPED$", stopped);
            assertEquals(StreamState.STOPPED, streams.status(APP).state());
            assertMatches("(?m)^network-word-count\\s+STOPPED\\b", shell.execute("stream:list"));
        }
    }

    private String status() {
        try {
            return shell.execute("stream:status network-word-count");
        } catch (Exception e) {
            throw new AssertionError("stream:status failed", e);
        }
    }

    private static long completedBatches(String status) {
        Matcher m = BATCHES.matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static void assertMatches(String regex, String text) {
        assertTrue("expected a match for " + regex + " in:\n" + text, Pattern.compile(regex).matcher(text).find());
    }

    private static void assertContains(String part, String text) {
        assertTrue("expected '" + part + "' in: " + text, text.contains(part));
    }

    private static void assertOneLine(String message) {
        assertFalse("expected one line, got:\n" + message, message.isBlank() || message.contains("\n"));
    }
}
