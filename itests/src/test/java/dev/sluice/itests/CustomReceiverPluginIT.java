package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import dev.sluice.api.Config;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.itests.plugin.SequenceSourceActivator;
import dev.sluice.itests.plugin.SequenceSourceProvider;
import java.util.List;
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
 * A receiver plugin written against the API alone, as a bundle of its own that is installed but
 * not started: the stream that needs it waits for it, and once the bundle starts receives
 * everything it stores.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CustomReceiverPluginIT {

    private static final String APP = "sequence-sum";
    private static final String PLUGIN = "test.sequence.source";

    @Inject
    private BundleContext context;

    @Inject
    private StreamManager streams;

    private final List<Long> received = new CopyOnWriteArrayList<>();
    private ServiceRegistration<StreamingApplication> application;
    private Bundle plugin;

    @Configuration
    public Option[] configuration() {
        // built here, outside the container, and installed there without being started
        return options(SluiceContainer.assembled(), streamBundle(SluiceContainer.pluginBundle(PLUGIN,
                SequenceSourceActivator.class, SequenceSourceProvider.class)).noStart());
    }

    @After
    public void cleanUp() throws Exception {
        streams.stop(APP);
        if (application != null) {
            application.unregister();
        }
        if (plugin != null) {
            plugin.stop();
        }
    }

    @Test
    public void aStreamWaitsForThePluginBundleAndReceivesAllItStores() throws Exception {
        StreamingApplication app = (ssc, args) -> ssc.<Long>receiverStream("sequence", Config.of("count", 1000))
                .foreach(batch -> received.addAll(batch.collect()));
        application = SluiceContainer.registerApplication(context, streams, APP, app);

        streams.start(APP, Config.parse(List.of("batch=200ms")));
        assertEquals(List.of("source plugin 'sequence'"), streams.status(APP).waitingFor());

        plugin = SluiceContainer.installed(context, PLUGIN);
        plugin.start();

        Await.until(APP + " running", () -> streams.status(APP).state(), StreamState.RUNNING::equals);
        Await.until("all 1000 numbers received", () -> received.size(), n -> n >= 1000);
        assertEquals(1000, received.size());
        assertEquals(500_500L, received.stream().mapToLong(Long::longValue).sum());
    }
}
