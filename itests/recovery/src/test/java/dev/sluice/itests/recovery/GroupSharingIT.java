package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sluice run kafka-word-count group=wc} in three containers, processes on this machine,
 * over a topic of six partitions: every member runs the stream on the partitions Kafka's consumer
 * group gives it. One member is killed with SIGKILL while batches run, the survivors take its
 * partitions over from the offsets committed in the output's transactions, and a fourth member
 * joins later. A {@code read_committed} reader of the output finds every word of the input counted
 * exactly once: what one container alone counts.
 */
class GroupSharingIT {

    private static final String APP = "kafka-word-count";
    private static final int PARTITIONS = 6;
    private static final int LINES = 1_500;
    private static final Pattern OWNS = Pattern.compile("this member now owns \\[([^]]*)]");
    private static final Pattern GIVES = Pattern.compile("this member (?:gave up|lost) \\[([^]]*)]");

    @TempDir
    Path root;

    @Test
    void membersShareThePartitionsAndCountEveryWordOnceAcrossAKillAndAJoin() throws Exception {
        try (var broker = KafkaBroker.start(root.resolve("kafka"))) {
            broker.createTopic("lines", PARTITIONS);
            broker.createTopic("counts", PARTITIONS);
            List<String> arguments = GroupMembers.wordCount(broker, "batch=500ms");
            var runs = new ArrayList<SluiceRun>();
            try (var members = new GroupMembers(root, arguments);
                 var input = new KafkaLines(broker, "lines", 7, LINES, 5, Duration.ofMillis(50))) {
                for (int i = 0; i < 3; i++) {
                    runs.add(members.launch());
                }
                Await.until("each of the three members to own partitions, all six between them",
                        () -> runs.stream().allMatch(r -> !owned(r).isEmpty()) && ownedByAll(runs).size() == PARTITIONS,
                        () -> describe(runs));
                for (SluiceRun run : runs) {
                    assertThat(run.output()).contains("Stream " + APP + " shares its work in group wc")
                            .doesNotContain("leads group wc");
                }
                Await.until("a first count committed", () -> !counts(broker).isEmpty(), () -> describe(runs));

                SluiceRun victim = runs.get(1);
                Set<String> orphaned = owned(victim);
                long killed = System.nanoTime();
                victim.kill();
                runs.remove(victim);
                Await.until("the survivors to own every partition, " + orphaned + " among them",
                        () -> ownedByAll(runs).size() == PARTITIONS, () -> describe(runs));
                System.out.println("GroupSharingIT: the survivors took over " + orphaned + " "
                        + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms after the SIGKILL"
                        + " (session timeout 6 s, output transactions time out after 10 s)");

                SluiceRun joining = members.launch();
                runs.add(joining);
                Await.until("the member that joined later to own partitions", () -> !owned(joining).isEmpty(),
                        () -> describe(runs));

                Map<String, Integer> expected = input.awaitAllSent();
                Await.until("the output to count every word of the input exactly once",
                        () -> counts(broker).equals(expected),
                        () -> "counted " + counts(broker) + ", expected " + expected + "\n" + describe(runs));
                for (SluiceRun run : runs) {
                    run.stop();
                }
                assertThat(counts(broker)).isEqualTo(expected);
            }
        }
    }


    /** The partitions {@code run} owns as of its log: each grant lists all it owns, each hand-over what it gave up. */
    private static Set<String> owned(SluiceRun run) {
        Set<String> owned = new TreeSet<>();
        for (String line : run.output().split("\n")) {
            Matcher grant = OWNS.matcher(line);
            Matcher given = GIVES.matcher(line);
            if (grant.find()) {
                owned = new TreeSet<>(partitions(grant.group(1)));
            } else if (given.find()) {
                owned.removeAll(partitions(given.group(1)));
            }
        }
        return owned;
    }

    private static List<String> partitions(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    private static Set<String> ownedByAll(List<SluiceRun> runs) {
        Set<String> all = new TreeSet<>();
        runs.forEach(r -> all.addAll(owned(r)));
        assertThat(all).isSubsetOf(IntStream.range(0, PARTITIONS).mapToObj(p -> "lines-" + p).toList());
        return all;
    }

    private static String describe(List<SluiceRun> runs) {
        return runs.stream().map(r -> r.name() + " owns " + owned(r) + "; output:\n" + r.output())
                .collect(Collectors.joining("\n---\n"));
    }

    private static Map<String, Integer> counts(KafkaBroker broker) {
        return GroupMembers.totals(broker, "counts");
    }
}
