package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;
import javax.inject.Inject;
import dev.sluice.api.Config;
import dev.sluice.api.management.StreamManager;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The spec's NetworkWordCount, run by the assembled container against a server the test plays. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NetworkWordCountIT {

    private static final String APP = "network-word-count";
    private static final long BATCH_MS = 500;

    @Inject
    private StreamManager streams;

    private LineServer server;
    private ConsoleCapture console;

    @Configuration
    public Option[] configuration() {
        return options(SluiceContainer.assembled());
    }

    @Before
    public void serveLinesAndCaptureTheConsole() throws Exception {
        SluiceContainer.awaitApplicationAndPlugins(streams);
        server = new LineServer();
        console = ConsoleCapture.start();
    }

    @After
    public void stopTheStream() throws Exception {
        streams.stop(APP);
        console.close();
        server.close();
    }

    @Test
    public void shouldPrintTheCountsOfTheWordsTheServerSendsInTheSpecsFormat() throws Exception {
        long startedAt = System.currentTimeMillis();
        startTheStream();
        server.awaitConnection().send("hello world hello");

        PrintedBatch batch = console.awaitBatchWith("(hello,2)");

        assertEquals(List.of("(hello,2)", "(world,1)"), sorted(batch.elements()));
        assertEquals(PrintedBatch.expected(batch.time(), batch.elements()), batch.lines());
        assertEquals("batch time " + batch.time() + " is a multiple of the interval", 0, batch.time() % BATCH_MS);
        assertTrue("batch time " + batch.time() + " is after the start at " + startedAt, batch.time() > startedAt);
        assertTrue("batch time " + batch.time() + " has passed", batch.time() <= System.currentTimeMillis());
    }

    @Test
    public void shouldCountTheWordsOfEachBatchOnItsOwn() throws Exception {
        startTheStream();
        var connection = server.awaitConnection();
        connection.send("hello world hello");
        PrintedBatch first = console.awaitBatchWith("(hello,2)");

        connection.send("world");
        PrintedBatch later = console.awaitBatch("a later batch with (world,1)",
                b -> b.time() > first.time() && b.elements().contains("(world,1)"));

        assertEquals(PrintedBatch.expected(later.time(), List.of("(world,1)")), later.lines());
    }

    private void startTheStream() {
        streams.start(APP, Config.parse(server.arguments("batch=" + BATCH_MS + "ms")));
    }

    private static List<String> sorted(List<String> elements) {
        return elements.stream().sorted().toList();
    }
}
