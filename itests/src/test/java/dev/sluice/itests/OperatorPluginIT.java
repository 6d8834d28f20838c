package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import dev.sluice.api.Config;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.itests.plugin.ShoutOperatorActivator;
import dev.sluice.itests.plugin.ShoutOperatorProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Operator plugins in the container: the shipped library composes a word count without any
 * operator code in the application, and a third-party operator bundle is waited for, used, and
 * waited for again when it leaves.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OperatorPluginIT {

    private static final String PLUGIN = "test.shout.operator";

    @Inject
    private BundleContext context;

    @Inject
    private StreamManager streams;

    private ServiceRegistration<StreamingApplication> application;
    private LineServer server;
    private String app;

    @Configuration
    public Option[] configuration() {
        return options(SluiceContainer.assembled(), streamBundle(SluiceContainer.pluginBundle(PLUGIN,
                ShoutOperatorActivator.class, ShoutOperatorProvider.class)).noStart());
    }

    @After
    public void cleanUp() throws Exception {
        streams.stop(app);
        if (application != null) {
            application.unregister();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void theLibraryCountsWordsWithoutOperatorCodeInTheApplication() throws Exception {
        app = "library-word-count";
        Await.until("the library's operators among the plugins", streams::plugins,
                plugins -> plugins.stream().anyMatch(p -> p.kind().equals("operator") && p.type().equals("split-words")));
        PluginDescription split = streams.plugins().stream().filter(p -> p.type().equals("split-words"))
                .findFirst().orElseThrow();
        assertTrue(split.parameters().stream().map(Parameter::key).toList().contains("separator"));

        server = new LineServer();
        Config where = Config.parse(server.arguments());
        Map<String, Long> counts = new ConcurrentHashMap<>();
        StreamingApplication words = (ssc, args) -> ssc.socketTextStream(where.string("host"), where.integer("port", 0))
                .via("split-words", Config.empty())
                .<String, Long>viaPairs("running-count", Config.of("name", "totals"))
                .foreach(batch -> batch.collect().forEach(p -> counts.put(p.key(), p.value())));
        application = SluiceContainer.registerApplication(context, streams, app, words);
        streams.start(app, Config.parse(List.of("batch=200ms")));
        LineServer.Connection connection = server.awaitConnection();
        connection.send("to be or not to be");
        Await.until("the running counts of the first line", () -> Map.copyOf(counts), c -> Long.valueOf(2).equals(c.get("be")));
        connection.send("be quick");
        Await.until("the running counts after the second line", () -> Map.copyOf(counts), c -> Long.valueOf(3).equals(c.get("be")));
        assertEquals(Map.of("to", 2L, "be", 3L, "or", 1L, "not", 1L, "quick", 1L), Map.copyOf(counts));
    }

    @Test
    public void aStreamWaitsForItsOperatorPluginUsesItAndWaitsAgainWhenItLeaves() throws Exception {
        app = "shouting";
        server = new LineServer();
        Config where = Config.parse(server.arguments());
        List<String> out = new CopyOnWriteArrayList<>();
        StreamingApplication shouting = (ssc, args) -> ssc.socketTextStream(where.string("host"),
                        where.integer("port", 0))
                .<String>via("shout", Config.empty())
                .foreach(batch -> out.addAll(batch.collect()));
        application = SluiceContainer.registerApplication(context, streams, app, shouting);
        var status = streams.start(app, Config.parse(List.of("batch=200ms")));
        assertEquals(StreamState.WAITING, status.state());
        assertEquals(List.of("operator plugin 'shout'"), status.waitingFor());

        Bundle plugin = SluiceContainer.installed(context, PLUGIN);
        plugin.start();
        Await.until(app + " running", () -> streams.status(app).state(), StreamState.RUNNING::equals);
        server.awaitConnection().send("hello");
        Await.until("the line through the operator", () -> List.copyOf(out), lines -> lines.contains("HELLO"));

        plugin.stop();
        Await.until(app + " waiting for its operator again", () -> streams.status(app),
                s -> s.state() == StreamState.WAITING && s.waitingFor().equals(List.of("operator plugin 'shout'")));
        assertEquals(List.of("HELLO"), List.copyOf(out));
    }
}
