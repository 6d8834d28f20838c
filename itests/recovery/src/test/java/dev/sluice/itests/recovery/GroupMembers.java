package dev.sluice.itests.recovery;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The containers of one group, {@code bin/sluice run <arguments>} each as a child process, numbered
 * as they join. Each runs from a home of its own (its own {@code etc/}, {@code data/} and
 * {@code log/}, the distribution's bundles and libraries linked, the SSH shell and the web view on
 * free ports), so that {@code bin/sluice client} reaches that member and no two meet on a port.
 */
final class GroupMembers implements AutoCloseable {

    /** What a home shares with the built distribution, read-only; the rest is copied or made anew (deploy/ empty). */
    private static final List<String> LINKED = List.of("bundle", "lib", "docs", "examples");

    private final Path root;
    private final List<String> arguments;
    private final List<SluiceRun> launched = new ArrayList<>();
    private final Map<SluiceRun, Path> homes = new java.util.HashMap<>();
    /** Bundles put in every member's deploy/ before it starts: an application the distribution lacks. */
    private final List<Path> deployed;

    GroupMembers(Path root, List<String> arguments) {
        this(root, arguments, List.of());
    }

    GroupMembers(Path root, List<String> arguments, List<Path> deployed) {
        this.root = root;
        this.arguments = List.copyOf(arguments);
        this.deployed = List.copyOf(deployed);
    }

    /**
     * The arguments of {@code kafka-word-count} from topic {@code lines} (from its earliest records)
     * to topic {@code counts}, in group {@code wc} kept by {@code broker} with a 6 s session
     * timeout, and {@code more}.
     */
    static List<String> wordCount(KafkaBroker broker, String... more) {
        var arguments = new ArrayList<>(List.of("kafka-word-count", "brokers=" + broker.bootstrapServers(),
                "topics=lines", "out=counts", "startingOffsets=earliest", "group=wc",
                "group.brokers=" + broker.bootstrapServers(), "group.sessionTimeout=6s"));
        arguments.addAll(List.of(more));
        return arguments;
    }

    /**
     * The arguments of a declared running count {@code name} ({@code kafka-value}, {@code split-words},
     * {@code running-count}) written to {@code dir}, from topic {@code lines} (its earliest records, at
     * most {@code rate} lines a second per partition, batches of 500 ms) to topic {@code counts}, in
     * group {@code group} kept by {@code broker} with a 6 s session timeout, its members' snapshots in
     * {@code snapshots}.
     */
    static List<String> runningCount(Path dir, String name, String group, KafkaBroker broker, int rate,
                                     String snapshots) throws IOException {
        String brokers = broker.bootstrapServers();
        Path declared = Files.writeString(dir.resolve(name + ".cfg"), String.join("\n",
                "name = " + name,
                "source = kafka",
                "source.topics = lines",
                "stages = values, words, running",
                "stage.values = kafka-value",
                "stage.words = split-words",
                "stage.words.dropEmpty = true",
                "stage.running = running-count",
                "outputs = out",
                "sink.out = kafka",
                "sink.out.topic = counts",
                ""));
        return List.of(declared.toString(), "source.kafka.bootstrap.servers=" + brokers,
                "source.startingOffsets=earliest", "source.maxRatePerPartition=" + rate,
                "sink.out.kafka.bootstrap.servers=" + brokers, "batch=500ms", "group=" + group,
                "group.brokers=" + brokers, "group.sessionTimeout=6s", "group.snapshots=" + snapshots);
    }

    /** Starts the next member, {@code member N}. */
    SluiceRun launch() throws IOException {
        int n = launched.size() + 1;
        Path dir = Files.createDirectories(root.resolve("member-" + n));
        Path home = home(dir.resolve("sluice"));
        for (Path bundle : deployed) {
            Files.copy(bundle, home.resolve("deploy").resolve(bundle.getFileName()));
        }
        SluiceRun run = SluiceRun.start("member " + n, home, arguments, dir.resolve("felix"),
                dir.resolve("output.log"));
        launched.add(run);
        homes.put(run, home);
        return run;
    }

    /** The home {@code member} runs from. */
    Path home(SluiceRun member) {
        return homes.get(member);
    }

    /**
     * {@code bin/sluice client '<command>'} against {@code member}, waiting for its SSH shell first;
     * the command's output (it must succeed).
     */
    String client(SluiceRun member, String command) {
        Path home = homes.get(member);
        member.await(member.name() + "'s SSH shell", () -> Files.exists(home.resolve("data/ssh.port")));
        try {
            Process p = new ProcessBuilder(home.resolve("bin/sluice").toString(), "client", command)
                    .directory(home.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sluice client '" + command + "' did not end: " + out);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("sluice client '" + command + "' on " + member.name() + " ended with status "
                        + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A home of the built distribution at {@code home}: etc/ and bin/ copied, the rest linked. */
    private static Path home(Path home) throws IOException {
        Path built = LineCountApp.distribution();
        for (String shared : LINKED) {
            if (Files.exists(built.resolve(shared))) {
                Files.createDirectories(home);
                Files.createSymbolicLink(home.resolve(shared), built.resolve(shared));
            }
        }
        for (String copied : List.of("bin", "etc")) {
            try (Stream<Path> files = Files.walk(built.resolve(copied))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = home.resolve(built.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("log"));
        // each member's own, so that a bundle dropped there upgrades that member only
        Files.createDirectories(home.resolve("deploy"));
        // the SSH server picks a free port and writes it to data/ssh.port; the web view gets one found free now
        replace(home.resolve("etc/dev.sluice.ssh.cfg"), "(?m)^port\\s*=.*$", "port = 0");
        replace(home.resolve("etc/config.properties"), "(?m)^org.osgi.service.http.port\\s*=.*$",
                "org.osgi.service.http.port = " + freePort());
        return home;
    }

    private static void replace(Path file, String regex, String with) throws IOException {
        Files.writeString(file, Files.readString(file).replaceAll(regex, with));
    }

    private static int freePort() throws IOException {
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Each word's counts summed over every batch of every member, as a read_committed reader of {@code topic} sees. */
    static Map<String, Integer> totals(KafkaBroker broker, String topic) {
        var totals = new TreeMap<String, Integer>();
        broker.readAll(topic, "read_committed").forEach(r -> totals.merge(r.key(), Integer.parseInt(r.value()),
                Integer::sum));
        return totals;
    }

    /** Kills every member still running: a test never leaves a container behind. */
    @Override
    public void close() {
        launched.forEach(SluiceRun::close);
    }
}
