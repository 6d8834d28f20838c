package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;
import javax.inject.Inject;
import dev.sluice.api.Config;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * A running stream loses its console sink bundle, waits and says so, keeps receiving, and when
 * the bundle is back prints the batches it held meanwhile. Each test gets a fresh container, as
 * each uninstalls a bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class PluginHotSwapIT {

    private static final String APP = "network-word-count";
    private static final String WAITING_FOR = "sink plugin 'console'";

    @Inject
    private BundleContext context;

    @Inject
    private StreamManager streams;

    @Inject
    private CommandProcessor processor;

    private LineServer server;
    private LineServer.Connection connection;
    private ConsoleCapture console;

    @Configuration
    public Option[] configuration() {
        return options(SluiceContainer.assembled());
    }

    /** Starts the stream and waits until it has counted and printed a first line. */
    @Before
    public void startAPrintingStream() throws Exception {
        SluiceContainer.awaitApplicationAndPlugins(streams);
        server = new LineServer();
        console = ConsoleCapture.start();
        streams.start(APP, Config.parse(server.arguments("batch=200ms")));
        connection = server.awaitConnection();
        connection.send("hello world hello");
        console.awaitBatchWith("(hello,2)");
    }

    @After
    public void stopTheStream() throws Exception {
        streams.stop(APP);
        console.close();
        server.close();
    }

    @Test
    public void shouldWaitAndSaySoWhenTheConsoleSinkIsUninstalled() throws Exception {
        consoleSink().uninstall();

        StreamStatus status = Await.until(APP + " waiting", () -> streams.status(APP),
                s -> s.state() == StreamState.WAITING);
        assertEquals(List.of(WAITING_FOR), status.waitingFor());
        try (var shell = new GogoShell(processor)) {
            String shown = shell.execute("stream:status " + APP);
            assertTrue("stream:status says what the stream waits for:\n" + shown,
                    shown.matches("(?s).*\\bstate\\s+WAITING\\b.*\\bwaiting for\\s+" + WAITING_FOR + "\\s.*"));
        }
        assertTrue("the console sink is no longer listed: " + streams.plugins(),
                streams.plugins().stream().map(PluginDescription::type).noneMatch("console"::equals));
    }

    @Test
    public void shouldPrintTheBatchesHeldWhileTheConsoleSinkWasGoneWhenItReturns() throws Exception {
        Bundle sink = consoleSink();
        String location = sink.getLocation();
        sink.uninstall();
        Await.until(APP + " waiting", () -> streams.status(APP).state(), StreamState.WAITING::equals);
        // still connected and receiving: this line is held in a batch until the sink is back
        connection.send("while away away");

        context.installBundle(location).start();

        Await.until(APP + " running again", () -> streams.status(APP).state(), StreamState.RUNNING::equals);
        var events = streams.status(APP).events().stream().map(e -> e.kind() + " " + e.message()).toList();
        assertEquals(List.of("HELD holds its batches until sink plugin 'console' returns",
                "RESUMED resumed: sink plugin 'console' returned"), events.subList(events.size() - 2, events.size()));
        PrintedBatch held = console.awaitBatchWith("(away,2)");
        assertEquals(List.of("(away,2)", "(while,1)"), held.elements().stream().sorted().toList());
        connection.send("back again back");
        PrintedBatch batch = console.awaitBatchWith("(back,2)");
        assertEquals(List.of("(again,1)", "(back,2)"), batch.elements().stream().sorted().toList());
        assertEquals(PrintedBatch.expected(batch.time(), batch.elements()), batch.lines());
    }

    private Bundle consoleSink() {
        return SluiceContainer.installed(context, SluiceContainer.CONSOLE_SINK);
    }
}
