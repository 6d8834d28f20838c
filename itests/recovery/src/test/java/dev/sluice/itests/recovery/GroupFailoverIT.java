package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sluice run kafka-word-count group=wc group.share=false} in three containers, processes
 * on this machine, sharing a checkpoint directory: one runs the stream, the others stand by (the
 * failover every stream whose work cannot be shared gets). The one running is
 * killed with SIGKILL; another takes over from the checkpoint within the group's session timeout,
 * and a fourth container joins later. A {@code read_committed} consumer of the output finds every
 * word of the input counted exactly once.
 */
@ExtendWith(FailedRunLogs.class)
class GroupFailoverIT {

    private static final String APP = "kafka-word-count";
    private static final String LEADS = "Stream " + APP + " leads group wc: it runs here";
    private static final int LINES = 1_500;

    @TempDir
    Path root;

    @Test
    void anotherContainerTakesOverWhenTheOneRunningTheStreamIsKilled() throws Exception {
        Path checkpoint = root.resolve("checkpoint");
        try (var broker = KafkaBroker.start(root.resolve("kafka"))) {
            broker.createTopic("lines", 3);
            broker.createTopic("counts", 3);
            List<String> arguments = GroupMembers.wordCount(broker, "batch=250ms", "checkpoint=" + checkpoint.toUri(),
                    "group.share=false");
            var runs = new ArrayList<SluiceRun>();
            try (var members = new GroupMembers(root, arguments);
                 var input = new KafkaLines(broker, "lines", 42, LINES, 10, Duration.ofMillis(50))) {
                for (int i = 0; i < 3; i++) {
                    runs.add(members.launch());
                }
                SluiceRun leader = awaitLeader(runs);
                leader.await("a first count committed", () -> !counts(broker).isEmpty());
                assertThat(runs.stream().filter(r -> r.output().contains(LEADS))).as("one container runs it")
                        .containsExactly(leader);

                long killed = System.nanoTime();
                leader.kill();
                runs.remove(leader);
                SluiceRun next = awaitLeader(runs);
                next.awaitOutput("Stream " + APP + " started");
                System.out.println("GroupFailoverIT: " + next.name() + " took over "
                        + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms after the leader was killed");

                runs.add(members.launch()); // joins and stands by
                Map<String, Integer> expected = input.awaitAllSent();
                Await.until("the output to count every word of the input", () -> counts(broker).equals(expected),
                        () -> "counted " + counts(broker) + ", expected " + expected + "; output of the leader:\n"
                                + next.output());
                assertThat(runs.get(runs.size() - 1).output()).doesNotContain(LEADS);
                for (SluiceRun run : runs) {
                    run.stop();
                }
                assertThat(counts(broker)).isEqualTo(expected);
            }
        }
    }


    /** The one of {@code runs} that leads the group now (a later lead than any before). */
    private static SluiceRun awaitLeader(List<SluiceRun> runs) {
        Await.until("a container of the group to lead", () -> runs.stream().anyMatch(r -> r.output().contains(LEADS)),
                () -> "no container leads; outputs:\n" + String.join("\n---\n", runs.stream()
                        .map(SluiceRun::output).toList()));
        return runs.stream().filter(r -> r.output().contains(LEADS)).findFirst().orElseThrow();
    }

    private static Map<String, Integer> counts(KafkaBroker broker) {
        return GroupMembers.totals(broker, "counts");
    }
}
