package dev.sluice.itests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** What the members of a sharing group say in their logs: the input partitions each owns, and commits refused. */
final class MemberLogs {

    private static final Pattern OWNS = Pattern.compile("this member now owns \\[([^]]*)]");
    private static final Pattern GIVES = Pattern.compile("this member (?:gave up|lost) \\[([^]]*)]");

    private MemberLogs() {
    }

    /** The partitions {@code run} owns as of its log: each grant lists all it owns, each hand-over what it gave up. */
    static Set<String> owned(SluiceRun run) {
        return owned(run, null);
    }

    /** The same for the stream shared in {@code group} alone (a container may run several), or any if null. */
    static Set<String> owned(SluiceRun run, String group) {
        Set<String> owned = new TreeSet<>();
        for (String line : run.output().split("\n")) {
            if (group != null && !line.contains("Group sluice-" + group + ": ")) {
                continue;
            }
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

    /** The partitions of input {@code topic} ({@code partitions} of them) the members own between them. */
    static Set<String> ownedByAll(List<SluiceRun> runs, String topic, int partitions) {
        return ownedByAll(runs, null, topic, partitions);
    }

    /** The same for the stream shared in {@code group} alone, or any if null. */
    static Set<String> ownedByAll(List<SluiceRun> runs, String group, String topic, int partitions) {
        Set<String> all = new TreeSet<>();
        runs.forEach(r -> all.addAll(owned(r, group)));
        assertThat(all).isSubsetOf(IntStream.range(0, partitions).mapToObj(p -> topic + "-" + p).toList());
        return all;
    }

    /** The batches whose commit group {@code group} refused, as the members logged them. */
    static List<Long> refusedBatches(List<SluiceRun> runs, String group) {
        return batches(runs, Pattern.compile("Batch (\\d+) ms: group " + Pattern.quote(group) + " refused the offsets"));
    }

    /** The batch times that {@code logged} (its first group) finds in the members' output. */
    private static List<Long> batches(List<SluiceRun> runs, Pattern logged) {
        var batches = new ArrayList<Long>();
        for (SluiceRun run : runs) {
            Matcher m = logged.matcher(run.output());
            while (m.find()) {
                batches.add(Long.parseLong(m.group(1)));
            }
        }
        return batches;
    }

    /**
     * The batches before which a member restored key partitions' state from a changelog of group
     * {@code group} (given the partitions, or reading them again), as the members logged them.
     */
    static List<Long> restoredBefore(List<SluiceRun> runs, String group) {
        return batches(runs, Pattern.compile("Restored the state of key partitions \\[[^]]*] of sluice-"
                + Pattern.quote(group) + "-changelog-\\S+ before batch (\\d+) ms"));
    }

    /**
     * The slides a shared window counted batches in that came after every window holding them had
     * passed (no member held their key partition then, as when members declare the stream at
     * different moments): such a slide holds a batch one container's would not.
     */
    static Set<Long> slidesWithLateBatches(List<SluiceRun> runs) {
        Pattern late = Pattern.compile("came after every window holding them had passed.*; counted in the window at (\\d+) ms");
        var slides = new TreeSet<Long>();
        for (SluiceRun run : runs) {
            Matcher m = late.matcher(run.output());
            while (m.find()) {
                slides.add(Long.parseLong(m.group(1)));
            }
        }
        return slides;
    }

    static String describe(List<SluiceRun> runs) {
        return runs.stream().map(r -> r.name() + " owns " + owned(r) + "; output:\n" + r.output())
                .collect(Collectors.joining("\n---\n"));
    }

    private static List<String> partitions(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }
}
