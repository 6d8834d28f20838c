package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stream:status} through {@code bin/sluice client} on one member of a group of two
 * containers sharing {@code kafka-word-count} over four partitions: it lists both members with the
 * partitions each owns and their batch delays. The other member is killed with SIGKILL: the status
 * shows it silent, then out of the group with its partitions on the survivor, still listed.
 */
@ExtendWith(FailedRunLogs.class)
class GroupStatusIT {

    private static final String APP = "kafka-word-count";
    private static final int PARTITIONS = 4;
    private static final Pattern DELAYS = Pattern.compile("\\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3} s");
    private static final Pattern PARTITION = Pattern.compile("lines-\\d+");
    private static final String SELF = " (this one)";

    @TempDir
    Path root;

    @Test
    void statusOnOneMemberShowsBothThenTheKilledOneSilentAndItsPartitionsMoved() throws Exception {
        try (var broker = KafkaBroker.start(root.resolve("kafka"))) {
            broker.createTopic("lines", PARTITIONS);
            broker.createTopic("counts", PARTITIONS);
            List<String> arguments = GroupMembers.wordCount(broker, "batch=500ms");
            try (var members = new GroupMembers(root, arguments);
                 var input = new KafkaLines(broker, "lines", 11, 600, 2, Duration.ofMillis(50))) {
                SluiceRun first = members.launch();
                SluiceRun second = members.launch();
                String one = memberName(first);
                String two = memberName(second);
                var seen = new String[] {""};

                // each partition owned by one of them: as many between them as there are, all different
                awaitStatus(members, first, seen, "both members sharing all partitions, with their delays", rows ->
                        sharing(rows.get(one + SELF)) && sharing(rows.get(two))
                                && partitions(rows.get(one + SELF)).size() + partitions(rows.get(two)).size()
                                == PARTITIONS && union(rows.get(one + SELF), rows.get(two)).size() == PARTITIONS);
                Map<String, String> onSecond = rows(members.client(second, "stream:status " + APP));
                assertThat(onSecond).containsKeys(one, two + SELF);

                long killed = System.nanoTime();
                second.kill();
                awaitStatus(members, first, seen, "the killed member shown silent", rows ->
                        rows.containsKey(two) && rows.get(two).contains("silent (killed?)"));
                long silent = System.nanoTime();
                awaitStatus(members, first, seen, "the killed member out of the group, its partitions on the survivor",
                        rows -> rows.get(two).endsWith("silent (killed?), out of the group")
                                && partitions(rows.get(two)).isEmpty()
                                && partitions(rows.get(one + SELF)).size() == PARTITIONS);
                System.out.println("GroupStatusIT: member 2 shown silent "
                        + Duration.ofNanos(silent - killed).toMillis() + " ms and out of the group, its partitions on"
                        + " member 1, "
                        + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms after its SIGKILL (session"
                        + " timeout 6 s); member 1's stream:status then:\n" + seen[0]);
                assertThat(rows(seen[0]).get(one + SELF)).contains("sharing").containsPattern(DELAYS);
                input.awaitAllSent();
                first.stop();
            }
        }
    }

    /** Asks {@code member} for the stream's status until its group's rows satisfy {@code done}. */
    private static void awaitStatus(GroupMembers members, SluiceRun member, String[] seen, String what,
                                    java.util.function.Predicate<Map<String, String>> done) {
        Await.until(what + " in stream:status on " + member.name(), Duration.ofMillis(200), member::isAlive, () -> {
            seen[0] = members.client(member, "stream:status " + APP);
            return done.test(rows(seen[0]));
        }, () -> seen[0]);
    }

    /** The rows of the status's group section by member (this one's name ends in " (this one)"). */
    private static Map<String, String> rows(String status) {
        var rows = new LinkedHashMap<String, String>();
        List<String> lines = Arrays.asList(status.split("\\R"));
        int header = lines.indexOf("group wc") + 1;
        if (header == 0) {
            return rows;
        }
        for (String line : lines.subList(header + 1, lines.size())) {
            if (line.isBlank()) {
                break;
            }
            String member = line.split(" {2,}")[0];
            rows.put(member, line);
        }
        return rows;
    }

    private static boolean sharing(String row) {
        return row != null && row.contains("  sharing  ") && DELAYS.matcher(row).find() && !partitions(row).isEmpty();
    }

    private static Set<String> partitions(String row) {
        var found = new TreeSet<String>();
        if (row != null) {
            Matcher m = PARTITION.matcher(row);
            while (m.find()) {
                found.add(m.group());
            }
        }
        return found;
    }

    private static Set<String> union(String a, String b) {
        var all = partitions(a);
        all.addAll(partitions(b));
        return all;
    }

    /** What the group calls a container: its host name and the pid of its JVM (bin/sluice execs java). */
    private static String memberName(SluiceRun run) throws Exception {
        return InetAddress.getLocalHost().getHostName() + "/" + run.pid();
    }
}
