package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.sluice.api.Config;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.itests.plugin.CountState;
import dev.sluice.itests.plugin.CountingApplication;
import dev.sluice.itests.plugin.CountingApplicationActivator;
import dev.sluice.itests.plugin.CountingOperatorActivator;
import dev.sluice.itests.plugin.CountingOperatorProvider;
import dev.sluice.itests.plugin.TextState;
import dev.sluice.itests.plugin.TextStateOperatorActivator;
import dev.sluice.itests.plugin.TextStateOperatorProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
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
 * Live upgrades in the assembled container: the bundle of an operator plugin, an application, a
 * source or a sink updated while its stream runs. From a batch on the new code runs, the running
 * counts go on, and every word sent is counted exactly once; a version that cannot read the state
 * is refused and the stream holds until a fitting one is back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class LiveUpgradeIT {

    private static final Pattern COUNT = Pattern.compile("v\\d+:(\\w+)=(\\d+)");

    @Inject
    private BundleContext context;

    @Inject
    private StreamManager streams;

    private LineServer server;
    private ConsoleCapture console;
    private String running;

    /** Where the bundles' versions are built, outside the container (which has no bundle builder), to install inside. */
    private static final Path BUILT = Path.of("target", "live-upgrade");

    @Configuration
    public Option[] configuration() throws IOException {
        Files.createDirectories(BUILT);
        write("counting-1.0.0", SluiceContainer.pluginBundle("test.counting", "1.0.0",
                CountingOperatorActivator.class, CountingOperatorProvider.class, CountState.class));
        write("counting-2.0.0", SluiceContainer.pluginBundle("test.counting", "2.0.0",
                CountingOperatorActivator.class, CountingOperatorProvider.class, CountState.class));
        write("counting-2.1.0", SluiceContainer.pluginBundle("test.counting", "2.1.0",
                CountingOperatorActivator.class, CountingOperatorProvider.class, CountState.class));
        write("counting-3.0.0", SluiceContainer.pluginBundle("test.counting", "3.0.0",
                TextStateOperatorActivator.class, TextStateOperatorProvider.class, TextState.class));
        for (String version : List.of("1.0.0", "2.0.0")) {
            write("counting-app-" + version, SluiceContainer.pluginBundle("test.counting.app", version,
                    CountingApplicationActivator.class, CountingApplication.class));
        }
        return options(SluiceContainer.assembled());
    }

    private static void write(String name, InputStream bundle) throws IOException {
        try (bundle) {
            Files.copy(bundle, BUILT.resolve(name + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static InputStream built(String name) throws IOException {
        return Files.newInputStream(BUILT.resolve(name + ".jar"));
    }

    @Before
    public void listen() throws Exception {
        SluiceContainer.awaitApplicationAndPlugins(streams);
        server = new LineServer();
        console = ConsoleCapture.start();
    }

    @After
    public void stopTheStream() throws Exception {
        if (running != null) {
            streams.stop(running);
        }
        console.close();
        server.close();
    }

    private static InputStream countingOperator(String version) throws IOException {
        return built("counting-" + version);
    }

    private static InputStream textStateOperator(String version) throws IOException {
        return built("counting-" + version);
    }

    private static InputStream countingApplication(String version) throws IOException {
        return built("counting-app-" + version);
    }

    @Test
    public void anOperatorUpgradeGoesOnWithItsStateAndOneThatCannotReadItIsRefusedUntilAFittingOneIsBack()
            throws Exception {
        Bundle operator = startThroughCounting("counted", "test:counting", "200ms");
        var connection = server.awaitConnection();
        connection.send("a b a");
        console.awaitBatchWith("v1:a=2");

        operator.update(countingOperator("2.0.0"));
        StreamStatus upgraded = awaitUpgrades(1);
        assertTrue(upgraded.upgrades().toString(), upgraded.upgrades().get(0)
                .matches("upgraded operator counting from test\\.counting 1\\.0\\.0 to test\\.counting 2\\.0\\.0"
                        + " at batch \\d+ ms"));
        assertEquals("test.counting 2.0.0", upgraded.plugins().get("operator counting"));
        connection.send("a");
        console.awaitBatchWith("v2:a=3");

        operator.update(textStateOperator("3.0.0"));
        StreamStatus held = Await.until("the version with another state type refused", () -> streams.status(running),
                s -> s.lastError().orElse("").contains("new version refused"));
        assertEquals(StreamState.WAITING, held.state());
        assertTrue(held.lastError().get(), held.lastError().get().contains(
                "cannot read the state of counting/updateStateByKey, state version 1 while it keeps version 2"));
        connection.send("a b"); // received while the stream holds

        operator.update(countingOperator("2.1.0"));
        Await.until("running again", () -> streams.status(running).state(), StreamState.RUNNING::equals);
        PrintedBatch resumed = console.awaitBatchWith("v2:a=4");
        assertTrue(resumed.toString(), resumed.elements().contains("v2:b=2"));
        assertEquals("every word counted once across the upgrades", 4, highestCount("a"));
        assertTrue("nothing ran in the refused version", !console.text().contains("v3:"));
    }

    @Test
    public void aNewVersionInstalledBesideTheOldTakesOverAndTheOldOneCanGo() throws Exception {
        Bundle v1 = startThroughCounting("beside", "test:counting-1", "200ms");
        var connection = server.awaitConnection();
        connection.send("a");
        console.awaitBatchWith("v1:a=1");

        Bundle v2 = context.installBundle("test:counting-2", countingOperator("2.0.0"));
        v2.start();
        awaitUpgrades(1);
        connection.send("a");
        console.awaitBatchWith("v2:a=2");

        v1.uninstall();
        connection.send("a");
        console.awaitBatchWith("v2:a=3");
        assertEquals(StreamState.RUNNING, streams.status(running).state());
        assertEquals(1, streams.status(running).upgrades().size());
    }

    @Test
    public void operatorUpgradesUnderLoadCountEveryLineExactlyOnce() throws Exception {
        Bundle operator = startThroughCounting("loaded", "test:counting", "100ms");
        var connection = server.awaitConnection();
        int lines = 200_000;
        var sender = new Thread(() -> {
            try {
                for (int i = 0; i < lines; i++) {
                    connection.send("w");
                    if (i % 1_000 == 999) {
                        Thread.sleep(2);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        Await.until("counting under way", () -> highestCount("w"), n -> n > 0);
        operator.update(countingOperator("2.0.0"));
        operator.update(textStateOperator("3.0.0"));
        operator.update(countingOperator("2.1.0"));
        sender.join(Await.TIMEOUT.toMillis());
        console.awaitBatchWith("v2:w=" + lines);
        assertEquals("every line counted once across three upgrades", lines, highestCount("w"));
        assertEquals(2, streams.status(running).upgrades().size());
    }

    @Test
    public void anApplicationUpgradeGoesOnWithItsStateAndItsReceiver() throws Exception {
        Bundle application = startCountingApp();
        var connection = server.awaitConnection();
        connection.send("a a");
        console.awaitBatchWith("v1:a=2");

        application.update(countingApplication("2.0.0"));
        StreamStatus upgraded = awaitUpgrades(1);
        assertTrue(upgraded.upgrades().toString(), upgraded.upgrades().get(0).startsWith(
                "upgraded application from test.counting.app 1.0.0 to test.counting.app 2.0.0 at batch"));
        connection.send("a"); // the same connection: the unchanged source's receiver kept receiving
        console.awaitBatchWith("v2:a=3");
        assertEquals(3, highestCount("a"));
    }

    @Test
    public void aSourceAndASinkUpgradeKeepTheStateAndLoseNothing() throws Exception {
        Bundle application = startCountingApp();
        var connection = server.awaitConnection();
        connection.send("a");
        console.awaitBatchWith("v1:a=1");

        SluiceContainer.installed(context, "dev.sluice.source.socket").update();
        awaitUpgrades(1);
        var again = server.awaitConnection(); // the source's new version connects
        again.send("a");
        console.awaitBatchWith("v1:a=2");

        SluiceContainer.installed(context, SluiceContainer.CONSOLE_SINK).update();
        Await.until("running with the new sink", () -> streams.status(running).state(), StreamState.RUNNING::equals);
        again.send("a b");
        PrintedBatch batch = console.awaitBatchWith("v1:a=3");
        assertTrue(batch.toString(), batch.elements().contains("v1:b=1"));
        assertEquals(3, highestCount("a"));
    }

    /**
     * Installs version 1.0.0 of the counting operator's bundle at {@code location}, and starts the
     * application {@code name}: the line server's words through the operator, printed.
     */
    private Bundle startThroughCounting(String name, String location, String batch) throws Exception {
        Bundle operator = context.installBundle(location, countingOperator("1.0.0"));
        operator.start();
        String host = server.address().split(":")[0];
        int port = Integer.parseInt(server.address().split(":")[1]);
        SluiceContainer.registerApplication(context, streams, name, (ssc, args) ->
                ssc.socketTextStream(host, port).flatMap(line -> Arrays.asList(line.split(" ")))
                        .via("counting", Config.empty()).print());
        running = name;
        streams.start(running, Config.parse(List.of("batch=" + batch)));
        return operator;
    }

    /** Installs version 1.0.0 of the counting application's bundle and starts its stream on the line server. */
    private Bundle startCountingApp() throws Exception {
        Bundle application = context.installBundle("test:counting-app", countingApplication("1.0.0"));
        application.start();
        Await.until("counting-app listed", streams::list,
                list -> list.stream().anyMatch(s -> s.application().equals("counting-app")));
        running = "counting-app";
        streams.start(running, Config.parse(server.arguments("batch=200ms")));
        return application;
    }

    private StreamStatus awaitUpgrades(int count) {
        return Await.until(count + " upgrade(s) listed", () -> streams.status(running),
                s -> s.state() == StreamState.RUNNING && s.upgrades().size() >= count);
    }

    /** The highest running count printed for {@code word}: more than was sent means a line was counted twice. */
    private int highestCount(String word) {
        int highest = 0;
        for (PrintedBatch b : console.batches()) {
            for (String element : b.elements()) {
                Matcher m = COUNT.matcher(element);
                if (m.matches() && m.group(1).equals(word)) {
                    highest = Math.max(highest, Integer.parseInt(m.group(2)));
                }
            }
        }
        return highest;
    }
}
