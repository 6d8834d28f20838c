package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import dev.sluice.api.Config;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.StreamingListener;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.itests.plugin.CollectingSinkActivator;
import dev.sluice.itests.plugin.CollectingSinkProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A sink plugin written against the API alone, as a bundle of its own: it receives every batch;
 * while its bundle is stopped the stream waits and keeps receiving, and when it is back the
 * batches it missed are delivered, nothing lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CustomSinkPluginIT {

    private static final String APP = "lines-to-collecting-sink";
    private static final String PLUGIN = "test.collecting.sink";

    @Inject
    private BundleContext context;

    @Inject
    private StreamManager streams;

    private final List<Long> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ServiceRegistration<StreamingApplication> application;
    private LineServer server;
    private Path out;

    @Configuration
    public Option[] configuration() {
        return options(SluiceContainer.assembled(), streamBundle(SluiceContainer.pluginBundle(PLUGIN,
                CollectingSinkActivator.class, CollectingSinkProvider.class)).noStart());
    }

    @After
    public void cleanUp() throws Exception {
        streams.stop(APP);
        if (application != null) {
            application.unregister();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void theSinkGetsEveryBatchAndThoseItMissedWhileItsBundleWasStopped() throws Exception {
        out = Files.createTempDirectory("collected");
        Path dir = out;
        server = new LineServer();
        Config where = Config.parse(server.arguments());
        StreamingApplication app = (ssc, args) -> {
            // batches are made (and announced) while an earlier one waits for the sink: shows what each holds
            ssc.addStreamingListener(new StreamingListener() {
                @Override
                public void onBatchSubmitted(BatchInfo batch) {
                    submitted.add(batch.numRecords());
                }
            });
            var lines = ssc.socketTextStream(where.string("host"), where.integer("port", 0));
            lines.to("collecting", Config.of("dir", dir.toString()));
        };
        application = SluiceContainer.registerApplication(context, streams, APP, app);
        Bundle plugin = SluiceContainer.installed(context, PLUGIN);
        plugin.start();

        streams.start(APP, Config.parse(List.of("batch=200ms")));
        LineServer.Connection connection = server.awaitConnection();
        connection.send("before");
        Await.until("the first line collected", this::collected, lines -> lines.contains("before"));

        plugin.stop();
        Await.until(APP + " waiting for its sink", () -> streams.status(APP).state(), StreamState.WAITING::equals);
        int before = submitted.size();
        connection.send("while-away-1");
        connection.send("while-away-2");
        // the lines were received while the sink is away: batches made since hold both
        Await.until("the lines sent while the sink is away in batches", () -> List.copyOf(submitted),
                counts -> counts.subList(before, counts.size()).stream().mapToLong(Long::longValue).sum() >= 2);
        assertEquals(List.of("before"), collected());

        plugin.start();
        Await.until(APP + " running again", () -> streams.status(APP).state(), StreamState.RUNNING::equals);
        connection.send("after");

        List<String> all = Await.until("every line collected", this::collected, lines -> lines.contains("after"));
        assertEquals(List.of("before", "while-away-1", "while-away-2", "after"), all);
    }

    /** Every collected line, batch by batch in time order. */
    private List<String> collected() {
        try (Stream<Path> files = Files.list(out)) {
            var lines = new ArrayList<String>();
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
            return lines;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
