package dev.sluice.runtime.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.HashPartitioning;
import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.api.spi.KeyExchange;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.serial.RecordTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's side of a group's key exchange against its contract, two members in one process: a
 * batch's records are split at random between the members (each with its own number of shuffle
 * partitions), each member's shuffle goes through the exchange, and what the members compute
 * together is what one process computes from all the records, each key on one member only. The
 * exchange is the contract kept in memory (every member's chunks of a key partition go to its
 * owner once all members have sent); the Kafka one is checked against the same contract in the
 * Kafka source's tests and GroupSharingIT.
 */
class KeyExchangeStepTest {

    private static final WorkerPool POOL = new WorkerPool(4, "exchange-test");
    private static final RecordSerializer CODEC = new RecordSerializer(RecordTypes.of(List.of()));
    private static final int[] SHUFFLE_PARTITIONS = {3, 5};

    @AfterAll
    static void stopPool() {
        POOL.close();
    }

    @Test
    void shouldReduceEachKeyOnOneMemberAsOneProcessWould() throws Exception {
        List<Pair<String, Integer>> records = words(new Random(3), 400);
        Function<Integer, Function<List<Pair<String, Integer>>, ShuffledRdd<String, Integer, Integer>>> reduce =
                n -> part -> new ShuffledRdd<>(ListRdd.of(part, 2), Aggregator.reducing(Integer::sum), n);
        assertSharedEqualsWhole(records, reduce);
    }

    @Test
    void shouldGroupEachKeyOnOneMemberAsOneProcessWould() throws Exception {
        List<Pair<String, Integer>> records = words(new Random(4), 300);
        List<List<Pair<String, List<Integer>>>> byMember = runShared(records, n -> part -> new ShuffledRdd<>(
                ListRdd.of(part, 2), Aggregator.<Integer>grouping(), n));
        var whole = new HashMap<String, List<Integer>>();
        records.forEach(r -> whole.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
        var shared = new HashMap<String, List<Integer>>();
        byMember.forEach(m -> m.forEach(p -> assertThat(shared.put(p.key(), p.value())).as(p.key()).isNull()));
        assertThat(shared.keySet()).isEqualTo(whole.keySet());
        whole.forEach((k, values) -> assertThat(shared.get(k)).containsExactlyInAnyOrderElementsOf(values));
    }

    @Test
    void shouldSendAKeyWithMoreValuesThanAChunkHoldsInPiecesThatMergeBackInOrder() throws Exception {
        var records = new ArrayList<Pair<String, Integer>>();
        Random random = new Random(8);
        for (int i = 0; i < 200_000; i++) {
            records.add(Pair.of(i % 10 == 0 ? "w" + random.nextInt(50) : "hot", random.nextInt()));
        }
        var exchange = new MemoryExchange(1, 4);
        var grouped = computed(new ShuffledRdd<>(ListRdd.of(records, 1), Aggregator.<Integer>grouping(), 3)
                .exchangedThrough(new KeyExchangeStep(exchange.member(0), CODEC, new Time(1000))));

        var whole = new HashMap<String, List<Integer>>();
        records.forEach(r -> whole.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
        var shared = new HashMap<String, List<Integer>>();
        grouped.forEach(p -> shared.put(p.key(), p.value()));
        assertThat(shared).isEqualTo(whole);
        assertThat(exchange.largestChunk()).isLessThanOrEqualTo(KeyExchangeStep.CHUNK_BYTES);
        assertThat(exchange.chunks()).isGreaterThan(4);
    }

    @Test
    void shouldJoinBothSidesOfEachKeyOnOneMemberAsOneProcessWould() throws Exception {
        List<Pair<String, Integer>> left = words(new Random(5), 200);
        List<Pair<String, Integer>> right = words(new Random(6), 150);
        var exchange = new MemoryExchange(2, 4);
        Random split = new Random(7);
        List<List<Pair<String, Integer>>> leftParts = splitInto(left, split);
        List<List<Pair<String, Integer>>> rightParts = splitInto(right, split);
        var results = new ArrayList<CompletableFuture<List<Pair<String, Pair<List<Integer>, List<Integer>>>>>>();
        for (int m = 0; m < 2; m++) {
            var cogrouped = new CoGroupedRdd<String, Integer, Integer>(ListRdd.of(leftParts.get(m), 2),
                    ListRdd.of(rightParts.get(m), 3), SHUFFLE_PARTITIONS[m])
                    .exchangedThrough(new KeyExchangeStep(exchange.member(m), CODEC, new Time(1000)));
            results.add(CompletableFuture.supplyAsync(() -> computed(cogrouped)));
        }
        var shared = new HashMap<String, Pair<List<Integer>, List<Integer>>>();
        for (var result : results) {
            result.get(30, TimeUnit.SECONDS).forEach(p -> assertThat(shared.put(p.key(), p.value())).as(p.key()).isNull());
        }
        var whole = computed(new CoGroupedRdd<String, Integer, Integer>(ListRdd.of(left, 2), ListRdd.of(right, 2), 4));
        assertThat(shared).hasSameSizeAs(whole);
        for (var p : whole) {
            assertThat(shared.get(p.key()).key()).containsExactlyInAnyOrderElementsOf(p.value().key());
            assertThat(shared.get(p.key()).value()).containsExactlyInAnyOrderElementsOf(p.value().value());
        }
    }

    @Test
    void shouldJoinABacklogOfBatchesBatchByBatchAsOneProcessJoinsEach() throws Exception {
        // batch 1's keys were handed over but never received: batch 2's receive gives them as its backlog
        List<Pair<String, Integer>> left1 = words(new Random(21), 120);
        List<Pair<String, Integer>> right1 = words(new Random(22), 90);
        List<Pair<String, Integer>> left2 = words(new Random(23), 110);
        List<Pair<String, Integer>> right2 = words(new Random(24), 100);
        var exchange = new MemoryExchange(1, 4);
        var skipped = new CoGroupedRdd<String, Integer, Integer>(ListRdd.of(left1, 2), ListRdd.of(right1, 2), 3)
                .exchangedThrough(new KeyExchangeStep(exchange.member(0), CODEC, new Time(1000)));
        skipped.exchange().send(skipped.localSides(POOL));

        var withBacklog = new CoGroupedRdd<String, Integer, Integer>(ListRdd.of(left2, 2), ListRdd.of(right2, 2), 3)
                .exchangedThrough(new KeyExchangeStep(exchange.member(0), CODEC, new Time(2000)));
        var joined = new ArrayList<String>();
        for (var p : computed(withBacklog)) {
            p.value().key().forEach(v -> p.value().value().forEach(w -> joined.add(p.key() + ":" + v + ":" + w)));
        }

        var expected = new ArrayList<String>();
        for (var batch : List.of(List.of(left1, right1), List.of(left2, right2))) {
            for (var p : computed(new CoGroupedRdd<String, Integer, Integer>(ListRdd.of(batch.get(0), 2),
                    ListRdd.of(batch.get(1), 2), 3))) {
                p.value().key().forEach(v -> p.value().value().forEach(w -> expected.add(p.key() + ":" + v + ":" + w)));
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(joined).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldCountTheGroupsBatchOnOneMemberOnly() throws Exception {
        for (int size : new int[] {0, 1, 250}) {
            List<Pair<String, Integer>> records = words(new Random(size), size);
            List<List<Long>> byMember = runTotals(records, (part, step) -> GroupTotalRdd.count(ListRdd.of(part, 3), step));
            // one container counts an empty batch 0: so does the group, once, even though no member sent a value
            assertThat(byMember.stream().flatMap(List::stream).toList()).as("%d records", size)
                    .containsExactly((long) size);
            assertThat(byMember.get(ownerOfTheTotal())).as("the key partition's owner emits it").hasSize(1);
        }
    }

    @Test
    void shouldReduceTheGroupsBatchOnOneMemberOnly() throws Exception {
        List<Pair<String, Integer>> records = words(new Random(8), 300);
        List<List<Pair<String, Integer>>> byMember = runTotals(records, (part, step) -> GroupTotalRdd.reduce(
                ListRdd.of(part, 2), (a, b) -> Pair.of(a.key().compareTo(b.key()) <= 0 ? a.key() : b.key(),
                        a.value() + b.value()), step));
        String least = records.stream().map(Pair::key).sorted().findFirst().orElseThrow();
        int sum = records.stream().mapToInt(Pair::value).sum();
        assertThat(byMember.stream().flatMap(List::stream).toList()).containsExactly(Pair.of(least, sum));
        // an empty batch reduces to nothing, on the owner as on one container
        assertThat(runTotals(List.of(), (part, step) -> GroupTotalRdd.reduce(ListRdd.of(part, 2),
                (a, b) -> a, step))).allSatisfy(m -> assertThat(m).isEmpty());
    }

    @Test
    void shouldChainTwoKeyedStagesAndAGlobalCountAsOneProcessWould() throws Exception {
        List<Pair<String, Integer>> records = words(new Random(9), 500);
        var first = new MemoryExchange(2, 4);
        var second = new MemoryExchange(2, 3);
        var total = new MemoryExchange(2, 5);
        List<List<Pair<String, Integer>>> parts = splitInto(records, new Random(13));
        var results = new ArrayList<CompletableFuture<List<Object>>>();
        for (int m = 0; m < 2; m++) {
            var time = new Time(1000);
            // a count of counts: how many words occur n times, and how many distinct counts there are
            var counts = new ShuffledRdd<>(ListRdd.of(parts.get(m), 2), Aggregator.reducing(Integer::sum),
                    SHUFFLE_PARTITIONS[m]).exchangedThrough(new KeyExchangeStep(first.member(m), CODEC, time));
            var countsOfCounts = new ShuffledRdd<>(new PipelinedRdd<>(counts, Stage.map(p -> Pair.of(p.value(), 1))),
                    Aggregator.reducing(Integer::sum), SHUFFLE_PARTITIONS[1 - m])
                    .exchangedThrough(new KeyExchangeStep(second.member(m), CODEC, time));
            Rdd<Long> distinct = GroupTotalRdd.count(countsOfCounts, new KeyExchangeStep(total.member(m), CODEC, time));
            results.add(CompletableFuture.supplyAsync(() -> {
                var both = new ArrayList<Object>(computed(countsOfCounts));
                both.add(computed(distinct));
                return both;
            }));
        }
        var shared = new HashMap<Integer, Integer>();
        var distinctCounts = new ArrayList<Long>();
        for (var result : results) {
            List<Object> got = result.get(30, TimeUnit.SECONDS);
            for (Object o : got.subList(0, got.size() - 1)) {
                @SuppressWarnings("unchecked")
                var p = (Pair<Integer, Integer>) o;
                assertThat(shared.put(p.key(), p.value())).as("%s reduced on one member only", p.key()).isNull();
            }
            @SuppressWarnings("unchecked")
            var counted = (List<Long>) got.get(got.size() - 1);
            distinctCounts.addAll(counted);
        }
        var perWord = new HashMap<String, Integer>();
        records.forEach(r -> perWord.merge(r.key(), r.value(), Integer::sum));
        var whole = new HashMap<Integer, Integer>();
        perWord.values().forEach(n -> whole.merge(n, 1, Integer::sum));
        assertThat(shared).isEqualTo(whole);
        assertThat(distinctCounts).containsExactly((long) whole.size());
    }

    @Test
    void shouldJoinTheInputWithAKeyedStageThroughAPartitionOfTheInputAsOneProcessWould() throws Exception {
        List<Pair<String, Integer>> records = words(new Random(21), 400);
        var sides = new MemoryExchange(2, 4);
        var sums = new MemoryExchange(2, 3);
        var joins = new MemoryExchange(2, 5);
        List<List<Pair<String, Integer>>> parts = splitInto(records, new Random(22));
        var results = new ArrayList<CompletableFuture<List<Pair<String, Pair<Integer, Integer>>>>>();
        for (int m = 0; m < 2; m++) {
            var time = new Time(1000);
            // pairs.join(pairs.reduceByKey(sum)), the pairs moved to their keys' partitions by a stage of their own
            Rdd<Pair<String, Integer>> pairs = ListRdd.of(parts.get(m), 2);
            var side = new PipelinedRdd<>(new ShuffledRdd<>(pairs, Aggregator.<Integer>grouping(), SHUFFLE_PARTITIONS[m])
                    .exchangedThrough(new KeyExchangeStep(sides.member(m), CODEC, time)), Stage.ungrouped());
            var summed = new ShuffledRdd<>(pairs, Aggregator.reducing(Integer::sum), SHUFFLE_PARTITIONS[1 - m])
                    .exchangedThrough(new KeyExchangeStep(sums.member(m), CODEC, time));
            var joined = new PipelinedRdd<>(new CoGroupedRdd<>(side, summed, SHUFFLE_PARTITIONS[m])
                    .exchangedThrough(new KeyExchangeStep(joins.member(m), CODEC, time)),
                    Joins.<Integer, Integer>inner().stage());
            results.add(CompletableFuture.supplyAsync(() -> computed(joined)));
        }
        var shared = new ArrayList<Pair<String, Pair<Integer, Integer>>>();
        var onMember = new HashMap<String, Integer>();
        for (int m = 0; m < 2; m++) {
            for (var p : results.get(m).get(30, TimeUnit.SECONDS)) {
                assertThat(onMember.putIfAbsent(p.key(), m)).as("%s joined on one member only", p.key()).isIn(null, m);
                shared.add(p);
            }
        }
        var all = ListRdd.of(records, 2);
        var whole = computed(new PipelinedRdd<>(new CoGroupedRdd<>(all, new ShuffledRdd<>(all,
                Aggregator.reducing(Integer::sum), 4), 4), Joins.<Integer, Integer>inner().stage()));
        assertThat(shared).hasSize(records.size()).containsExactlyInAnyOrderElementsOf(whole);
    }

    /** The member of {@link MemoryExchange} owning the single key's partition. */
    private static int ownerOfTheTotal() {
        return HashPartitioning.partitionOf(GroupTotalRdd.TOTAL, 4) % 2;
    }

    /** Each member's part of {@code records} through a group total; what each member computes. */
    private static <C> List<List<C>> runTotals(List<Pair<String, Integer>> records,
            BiFunction<List<Pair<String, Integer>>, KeyExchangeStep, Rdd<C>> total) throws Exception {
        var exchange = new MemoryExchange(2, 4);
        List<List<Pair<String, Integer>>> parts = splitInto(records, new Random(12));
        var results = new ArrayList<CompletableFuture<List<C>>>();
        for (int m = 0; m < 2; m++) {
            Rdd<C> rdd = total.apply(parts.get(m), new KeyExchangeStep(exchange.member(m), CODEC, new Time(1000)));
            results.add(CompletableFuture.supplyAsync(() -> computed(rdd)));
        }
        var byMember = new ArrayList<List<C>>();
        for (var result : results) {
            byMember.add(result.get(30, TimeUnit.SECONDS));
        }
        return byMember;
    }

    private static void assertSharedEqualsWhole(List<Pair<String, Integer>> records,
            Function<Integer, Function<List<Pair<String, Integer>>, ShuffledRdd<String, Integer, Integer>>> shuffle)
            throws Exception {
        List<List<Pair<String, Integer>>> byMember = runShared(records, shuffle);
        Set<String> seen = new HashSet<>();
        var shared = new HashMap<String, Integer>();
        byMember.forEach(m -> m.forEach(p -> {
            assertThat(seen.add(p.key())).as("%s reduced on one member only", p.key()).isTrue();
            shared.put(p.key(), p.value());
        }));
        var whole = new HashMap<String, Integer>();
        computed(shuffle.apply(4).apply(records)).forEach(p -> whole.put(p.key(), p.value()));
        assertThat(shared).isEqualTo(whole);
        assertThat(byMember).allSatisfy(m -> assertThat(m).isNotEmpty());
    }

    /** Each member's part of {@code records} through {@code shuffle}, exchanged; what each member computes. */
    private static <C> List<List<Pair<String, C>>> runShared(List<Pair<String, Integer>> records,
            Function<Integer, Function<List<Pair<String, Integer>>, ShuffledRdd<String, Integer, C>>> shuffle)
            throws Exception {
        var exchange = new MemoryExchange(2, 4);
        List<List<Pair<String, Integer>>> parts = splitInto(records, new Random(11));
        var results = new ArrayList<CompletableFuture<List<Pair<String, C>>>>();
        for (int m = 0; m < 2; m++) {
            ShuffledRdd<String, Integer, C> rdd = shuffle.apply(SHUFFLE_PARTITIONS[m]).apply(parts.get(m))
                    .exchangedThrough(new KeyExchangeStep(exchange.member(m), CODEC, new Time(1000)));
            results.add(CompletableFuture.supplyAsync(() -> computed(rdd)));
        }
        var byMember = new ArrayList<List<Pair<String, C>>>();
        for (var result : results) {
            byMember.add(result.get(30, TimeUnit.SECONDS));
        }
        return byMember;
    }

    private static <T> List<T> computed(Rdd<T> rdd) {
        POOL.prepare(rdd);
        var out = new ArrayList<T>();
        for (int p = 0; p < rdd.numPartitions(); p++) {
            rdd.compute(p, out::add);
        }
        return out;
    }

    private static List<List<Pair<String, Integer>>> splitInto(List<Pair<String, Integer>> records, Random random) {
        var parts = List.<List<Pair<String, Integer>>>of(new ArrayList<>(), new ArrayList<>());
        records.forEach(r -> parts.get(random.nextInt(2)).add(r));
        return parts;
    }

    private static List<Pair<String, Integer>> words(Random random, int n) {
        var words = new ArrayList<Pair<String, Integer>>();
        for (int i = 0; i < n; i++) {
            words.add(Pair.of("w" + random.nextInt(60), random.nextInt(100)));
        }
        return words;
    }

    /**
     * The exchange's contract in memory: {@code members} members and {@code partitions} key
     * partitions, member i owning the partitions p with p mod members = i; a batch's receive waits
     * until every member has sent its part of the batch, and gives each owned partition with every
     * batch up to it not received yet (a batch whose receive was skipped is a backlog).
     */
    static final class MemoryExchange {
        private final int members;
        private final int partitions;
        private final TreeMap<Time, List<List<List<byte[]>>>> sent = new TreeMap<>();
        /** Per key partition, the last batch given. */
        private final Map<Integer, Time> received = new HashMap<>();
        private int largestChunk;
        private int chunks;

        MemoryExchange(int members, int partitions) {
            this.members = members;
            this.partitions = partitions;
        }

        private void counted(byte[] chunk) {
            largestChunk = Math.max(largestChunk, chunk.length);
            chunks++;
        }

        synchronized int largestChunk() {
            return largestChunk;
        }

        synchronized int chunks() {
            return chunks;
        }

        KeyExchange.Shuffle member(int i) {
            return new KeyExchange.Shuffle() {
                @Override
                public int partitions() {
                    return partitions;
                }

                @Override
                public void send(Time batch, List<List<byte[]>> chunks) {
                    synchronized (MemoryExchange.this) {
                        chunks.forEach(part -> part.forEach(MemoryExchange.this::counted));
                        sent.computeIfAbsent(batch, b -> new ArrayList<>()).add(chunks);
                        MemoryExchange.this.notifyAll();
                    }
                }

                @Override
                public void sendWith(Time batch, List<List<byte[]>> chunks, Map<KeyExchange.Shuffle,
                        List<List<byte[]>>> others) {
                    send(batch, chunks);
                    others.forEach((other, theirs) -> other.send(batch, theirs));
                }

                @Override
                public List<List<byte[]>> receive(Time batch) {
                    var merged = new ArrayList<List<byte[]>>();
                    for (NavigableMap<Time, List<byte[]>> byBatch : receiveByBatch(batch)) {
                        merged.add(byBatch == null ? null : byBatch.values().stream().flatMap(List::stream).toList());
                    }
                    return merged;
                }

                @Override
                public List<NavigableMap<Time, List<byte[]>>> receiveByBatch(Time batch) {
                    synchronized (MemoryExchange.this) {
                        while (sent.getOrDefault(batch, List.of()).size() < members) {
                            try {
                                MemoryExchange.this.wait();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        var owned = new ArrayList<NavigableMap<Time, List<byte[]>>>();
                        for (int p = 0; p < partitions; p++) {
                            if (p % members != i) {
                                owned.add(null);
                                continue;
                            }
                            var byBatch = new TreeMap<Time, List<byte[]>>();
                            Time after = received.get(p);
                            for (var due : (after == null ? sent.headMap(batch, true)
                                    : sent.subMap(after, false, batch, true)).entrySet()) {
                                var chunks = new ArrayList<byte[]>();
                                for (List<List<byte[]>> part : due.getValue()) {
                                    chunks.addAll(part.get(p));
                                }
                                byBatch.put(due.getKey(), chunks);
                            }
                            received.put(p, batch);
                            owned.add(byBatch);
                        }
                        return owned;
                    }
                }
            };
        }
    }
}
