package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade in a group: two containers share the declared stream {@code declared-kafka-word-count}
 * (the distribution's example file, its words split and counted by the operator plugins of
 * {@code dev.sluice.operators}) over a topic of six partitions. A newer version of the operators'
 * bundle is dropped into the first container's {@code deploy/}, then, once that one runs it, into
 * the second's: each takes it over at a batch boundary of its own while the other goes on with the
 * version it has, and a {@code read_committed} reader of the output still finds every word of the
 * input counted exactly once.
 */
@ExtendWith(FailedRunLogs.class)
class GroupRollingUpgradeIT {

    private static final String STREAM = "declared-kafka-word-count";
    private static final String OPERATORS = "dev.sluice.operators";
    private static final String NEW_VERSION = "99.0.0";
    private static final int PARTITIONS = 6;
    private static final int LINES = 1_500;
    private static final Pattern UPGRADED = Pattern.compile("Stream " + STREAM + " upgraded operator [\\w-]+ from "
            + Pattern.quote(OPERATORS) + " \\S+ to " + Pattern.quote(OPERATORS + " " + NEW_VERSION));

    @TempDir
    Path root;

    @Test
    void anOperatorUpgradeRollsMemberByMemberAndEveryWordIsCountedOnce() throws Exception {
        Path newOperators = withVersion(bundle(LineCountApp.distribution(), OPERATORS), NEW_VERSION,
                root.resolve("sluice-operators-" + NEW_VERSION + ".jar"));
        try (var broker = KafkaBroker.start(root.resolve("kafka"))) {
            broker.createTopic("lines", PARTITIONS);
            broker.createTopic("counts", PARTITIONS);
            String brokers = broker.bootstrapServers();
            Path declared = LineCountApp.distribution().resolve("examples/kafka-word-count.cfg");
            try (var input = new KafkaLines(broker, "lines", 11, LINES, 5, Duration.ofMillis(50));
                 var members = new GroupMembers(root, List.of(declared.toString(),
                         "source.kafka.bootstrap.servers=" + brokers, "source.topics=lines",
                         "source.startingOffsets=earliest", "sink.out.kafka.bootstrap.servers=" + brokers,
                         "sink.out.topic=counts", "batch=500ms", "group=wc", "group.brokers=" + brokers,
                         "group.sessionTimeout=6s"))) {
                List<SluiceRun> runs = List.of(members.launch(), members.launch());
                for (SluiceRun run : runs) {
                    run.awaitOutput("Stream " + STREAM + " shares its work in group wc");
                }
                Await.until("a first count committed", () -> !totals(broker).isEmpty(), () -> describe(runs));

                deploy(newOperators, members.home(runs.get(0)));
                runs.get(0).await("the first member to run the new operators", () -> upgraded(runs.get(0)));
                assertThat(upgraded(runs.get(1))).as("the second member still runs the version it had").isFalse();
                int countedBefore = counted(broker);
                Await.until("more counts committed while the members run different versions",
                        () -> counted(broker) > countedBefore, () -> describe(runs));

                deploy(newOperators, members.home(runs.get(1)));
                runs.get(1).await("the second member to run the new operators", () -> upgraded(runs.get(1)));

                Map<String, Integer> expected = input.awaitAllSent();
                Await.until("the output to count every word of the input exactly once",
                        () -> totals(broker).equals(expected),
                        () -> "counted " + totals(broker) + ", expected " + expected + "\n" + describe(runs));
                for (SluiceRun run : runs) {
                    run.stop();
                }
                assertThat(totals(broker)).isEqualTo(expected);
            }
        }
    }

    private static void deploy(Path bundle, Path home) throws IOException {
        Files.copy(bundle, home.resolve("deploy").resolve(bundle.getFileName()));
    }

    private static int counted(KafkaBroker broker) {
        return totals(broker).values().stream().mapToInt(Integer::intValue).sum();
    }

    private static boolean upgraded(SluiceRun run) {
        return UPGRADED.matcher(run.output()).find();
    }

    /** The jar of bundle {@code name} in the distribution's {@code bundle/}. */
    private static Path bundle(Path distribution, String name) throws IOException {
        try (Stream<Path> jars = Files.list(distribution.resolve("bundle"))) {
            for (Path jar : jars.toList()) {
                try (var in = new JarInputStream(Files.newInputStream(jar))) {
                    Manifest manifest = in.getManifest();
                    if (manifest != null && name.equals(manifest.getMainAttributes().getValue("Bundle-SymbolicName"))) {
                        return jar;
                    }
                }
            }
        }
        throw new AssertionError("no bundle " + name + " in " + distribution.resolve("bundle"));
    }

    /** A copy of bundle {@code jar} that says it is {@code version}: the same code, released again. */
    private static Path withVersion(Path jar, String version, Path to) throws IOException {
        try (var in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (var out = new JarOutputStream(Files.newOutputStream(to), manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return to;
    }

    private static String describe(List<SluiceRun> runs) {
        return runs.stream().map(r -> r.name() + ":\n" + r.output()).collect(Collectors.joining("\n---\n"));
    }

    private static Map<String, Integer> totals(KafkaBroker broker) {
        return GroupMembers.totals(broker, "counts");
    }
}
