package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.itests.recovery.join.SideBySideActivator;
import dev.sluice.itests.recovery.join.SideBySideApplication;
import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A join across processes: three containers share {@code side-by-side} (a test application
 * bundle dropped into each one's {@code deploy/}), a full outer join of topic {@code left} with
 * topic {@code right} by key, both read through one Kafka input of six partitions each, so that
 * the two sides of a word are often read by different members and meet only through the group's
 * repartition topic. The test sends rounds of records, each round in one transaction, every record
 * with an id of its own. A {@code read_committed} reader of the output then finds every record in
 * exactly one batch, and each batch's output, word by word, exactly the full outer join one
 * container computes from the records that batch read: a word whose sides were joined on two
 * members apart, or a side delivered twice, shows as a difference.
 */
@ExtendWith(FailedRunLogs.class)
class GroupJoinIT {

    private static final String APP = SideBySideApplication.NAME;
    private static final int PARTITIONS = 6;
    private static final int ROUNDS = 120;
    /** Between rounds: the input spreads over a dozen half-second batches, not one or two. */
    private static final Duration ROUND_GAP = Duration.ofMillis(50);
    private static final Pattern OWNS = Pattern.compile("this member now owns \\[([^]]*)]");

    @TempDir
    Path root;

    @Test
    void eachBatchJoinsTheRecordsItReadAsOneContainerWould() throws Exception {
        Path bundle = TestBundle.of(SideBySideActivator.class, "dev.sluice.itests.side-by-side",
                "dev.sluice.api;version=\"[1.0,2)\",dev.sluice.api.kafka;version=\"[1.0,2)\","
                        + "dev.sluice.api.spi;version=\"[1.3,2)\",org.osgi.framework",
                root.resolve("side-by-side.jar"));
        try (var broker = KafkaBroker.start(root.resolve("kafka"))) {
            for (String topic : List.of("left", "right", "joined")) {
                broker.createTopic(topic, PARTITIONS);
            }
            String brokers = broker.bootstrapServers();
            var arguments = List.of(APP, "brokers=" + brokers, "left=left", "right=right", "out=joined",
                    "batch=500ms", "group=sbs", "group.brokers=" + brokers, "group.sessionTimeout=6s");
            try (var members = new GroupMembers(root, arguments, List.of(bundle))) {
                var runs = new ArrayList<SluiceRun>();
                for (int i = 0; i < 3; i++) {
                    runs.add(members.launch());
                }
                for (SluiceRun run : runs) {
                    run.awaitOutput("Stream " + APP + " shares its work in group sbs");
                }
                Await.until("each of the three members to own input partitions, all twelve between them",
                        () -> runs.stream().allMatch(r -> !inputsOwned(r).isEmpty())
                                && runs.stream().flatMap(r -> inputsOwned(r).stream()).distinct().count()
                                == 2L * PARTITIONS,
                        () -> describe(runs));

                Map<String, String> wordOf = SideBySideRounds.send(broker, Map.of("left", PARTITIONS, "right",
                        PARTITIONS), "left", "right", ROUNDS, ROUND_GAP, 14);
                Await.until("every record sent to show in the output",
                        () -> new SideBySideRounds.Joined(broker, "joined").ids().containsAll(wordOf.keySet()),
                        () -> "missing " + SideBySideRounds.missing(wordOf.keySet(),
                                new SideBySideRounds.Joined(broker, "joined").ids()) + "\n" + describe(runs));
                for (SluiceRun run : runs) {
                    run.stop();
                }

                var output = new SideBySideRounds.Joined(broker, "joined");
                int pairs = output.assertEachBatchJoinsWhatItRead(wordOf);
                assertThat(pairs).as("records joined with a partner").isGreaterThan(ROUNDS);
                System.out.println("GroupJoinIT: " + wordOf.size() + " records in " + output.byBatch.size()
                        + " batches, " + pairs + " joined pairs, each batch as one container joins it");
            }
        }
    }

    /** The input partitions {@code run} owns as of its latest grant (no member is stopped before the check). */
    private static Set<String> inputsOwned(SluiceRun run) {
        Set<String> owned = Set.of();
        Matcher m = OWNS.matcher(run.output());
        while (m.find()) {
            owned = Arrays.stream(m.group(1).split(",")).map(String::trim)
                    .filter(p -> p.startsWith("left-") || p.startsWith("right-")).collect(Collectors.toSet());
        }
        return owned;
    }

    private static String describe(List<SluiceRun> runs) {
        return runs.stream().map(r -> r.name() + " owns " + inputsOwned(r) + "; output:\n" + r.output())
                .collect(Collectors.joining("\n---\n"));
    }
}
