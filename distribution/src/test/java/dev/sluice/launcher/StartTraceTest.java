package dev.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

class StartTraceTest {

    @TempDir
    Path storage;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private Framework framework;

    @AfterEach
    void stopTheFramework() throws Exception {
        System.clearProperty(StartTrace.PROPERTY);
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void shouldPrintNothingUnlessAskedTo() throws Exception {
        StartTrace trace = StartTrace.of(err);
        trace.mark("framework made");
        startedFramework(trace);

        assertThat(trace.enabled()).isFalse();
        assertThat(printed()).isEmpty();
    }

    @Test
    void shouldStampEachPhaseAndEveryBundleStartedInTheirOrder() throws Exception {
        System.setProperty(StartTrace.PROPERTY, "true");
        StartTrace trace = StartTrace.of(err);
        trace.mark("bundles installed");
        startedFramework(trace);

        assertThat(trace.enabled()).isTrue();
        assertThat(printed().lines().toList())
                .allMatch(line -> line.matches("sluice: start trace +\\d+ ms \\(cpu +\\d+ ms\\) .+"),
                        "stamped in ms since the JVM started and the CPU time used by then")
                .extracting(line -> line.replaceFirst("sluice: start trace +\\d+ ms \\(cpu +\\d+ ms\\) ", ""))
                .containsSubsequence("main", "bundles installed", "started org.apache.felix.framework", "framework started");
    }

    /** A started framework the trace follows, once its STARTED event has reached the trace too. */
    private void startedFramework(StartTrace trace) throws Exception {
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.init();
        trace.follow(framework.getBundleContext());
        // framework events reach listeners in the order they were added, on one thread: after the trace's
        var started = new CountDownLatch(1);
        framework.getBundleContext().addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        });
        framework.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).as("the framework's STARTED event").isTrue();
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
