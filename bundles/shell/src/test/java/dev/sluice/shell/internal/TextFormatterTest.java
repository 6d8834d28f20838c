package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.OutputOperationInfo;
import dev.sluice.api.listener.ReceiverInfo;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.management.StreamEvent;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StuckBatch;
import dev.sluice.api.management.StreamSummary;
import org.junit.jupiter.api.Test;

class TextFormatterTest {

    private final TextFormatter text = new TextFormatter(ZoneOffset.UTC);

    @Test
    void shouldListApplicationsByNameWithStateAndDescription() {
        String out = text.streams(List.of(
                new StreamSummary("word-count", StreamState.STOPPED, ""),
                new StreamSummary("network-word-count", StreamState.RUNNING, "counts words")));

        assertThat(out).isEqualTo("""
                APPLICATION         STATE    DESCRIPTION
                network-word-count  RUNNING  counts words
                word-count          STOPPED  -""");
    }

    @Test
    void shouldSaySoWhenThereAreNoApplicationsOrPlugins() {
        assertThat(text.streams(List.of())).isEqualTo("no applications are installed");
        assertThat(text.plugins(List.of())).isEqualTo("no source, operator or sink plugins are installed");
    }

    @Test
    void shouldListPluginsSourcesAndSinksByType() {
        String out = text.plugins(List.of(
                new PluginDescription("source", "socket", "dev.sluice.source.socket 0.1.0"),
                new PluginDescription("sink", "console", "dev.sluice.sink.console 0.1.0")));

        assertThat(out).isEqualTo("""
                KIND    TYPE     PROVIDER
                sink    console  dev.sluice.sink.console 0.1.0
                source  socket   dev.sluice.source.socket 0.1.0""");
    }

    @Test
    void shouldListAnOperatorWithWhatItDoesAndItsKeys() {
        String out = text.plugins(List.of(
                new PluginDescription("sink", "console", "dev.sluice.sink.console 0.1.0"),
                new PluginDescription("operator", "split-words", "dev.sluice.operators 0.1.0",
                        "splits each line into words", List.of(Parameter.of("separator", " ", "the text between words"),
                        Parameter.of("regex", null, "a regular expression between words")))));

        assertThat(out).isEqualTo("""
                KIND      TYPE         PROVIDER
                operator  split-words  dev.sluice.operators 0.1.0
                sink      console      dev.sluice.sink.console 0.1.0

                operator split-words: splits each line into words
                  KEY        DEFAULT
                  separator  ' '      the text between words
                  regex               a regular expression between words""");
    }

    @Test
    void shouldShowTheWholeStatusWithTheLastBatchsDelays() {
        var batch = new BatchInfo(8, Time.of(1357008430000L), 5, 1357008430001L, 1357008430003L, 1357008430447L,
                List.of(new OutputOperationInfo(0, "print", 440, Optional.empty())));
        var receiver = new ReceiverInfo(0, "socket localhost:9999", true, "connected", Optional.empty());
        var status = new StreamStatus("network-word-count", StreamState.RUNNING, Map.of("port", "9999", "batch", "1s"),
                List.of(), 8, 1, List.of(batch), List.of(receiver), Optional.of("batch 7 failed:\nboom"));

        assertThat(text.status(status, 1, Optional.of(Duration.ofSeconds(1)))).isEqualTo("""
                application  network-word-count
                state        RUNNING
                arguments    batch=1s port=9999
                waiting for  -
                batches      8 completed, 1 failed
                input rate   5.0 records/s
                pending      none
                stuck        -
                last error   batch 7 failed: ...

                last batch
                BATCH TIME               RECORDS  INPUT RATE  SCHEDULING  PROCESSING  TOTAL    OUTPUT
                2013-01-01 02:47:10.000  5        5.0/s       0.003 s     0.444 s     0.447 s  ok
                average of 1             5.0      5.0/s       0.003 s     0.444 s     0.447 s

                receivers
                STREAM  RECEIVER               ACTIVE  STATUS     LAST ERROR
                0       socket localhost:9999  yes     connected  -""");
    }

    @Test
    void shouldShowAStuckBatchWithItsStageQueueAndThreadStacks() {
        var stuck = new StuckBatch(Time.of(5000), "output 0 (foreach)", Duration.ofMillis(12_500), "batch.onStuck=wait",
                3, List.of("a-job-runner (WAITING)\n\tat app.Slow.call(Slow.java:7)"));
        var status = new StreamStatus("a", StreamState.RUNNING, Map.of(), List.of(), 4, 0, List.of(), List.of(),
                Optional.empty(), Map.of(), List.of(), List.of(), Optional.of(stuck), List.of());

        assertThat(text.status(status, 1, Optional.of(Duration.ofSeconds(1))))
                .contains("stuck        batch 5000 ms in output 0 (foreach) for 12.5 s, 3 queued behind it"
                        + " (batch.onStuck=wait)")
                .endsWith("threads of stuck batch 5000 ms\na-job-runner (WAITING)\n\tat app.Slow.call(Slow.java:7)");
    }

    @Test
    void shouldShowWhatAWaitingStreamWaitsFor() {
        var status = new StreamStatus("network-word-count", StreamState.WAITING, Map.of(), List.of("source socket"),
                0, 0, List.of(), List.of(), Optional.empty());

        assertThat(text.status(status, 1, Optional.empty())).contains("waiting for  source socket",
                "arguments    defaults", "input rate   -", "no batches yet", "no receivers");
    }

    @Test
    void shouldShowTheLatestFiveEventsOldestFirst() {
        var events = java.util.stream.IntStream.rangeClosed(1, 7).mapToObj(i -> new StreamEvent(i * 1000L,
                i % 2 == 0 ? StreamEvent.Kind.RESUMED : StreamEvent.Kind.HELD, "event " + i)).toList();
        var status = new StreamStatus("a", StreamState.RUNNING, Map.of(), List.of(), 0, 0, List.of(), List.of(),
                Optional.empty(), events);

        String out = text.status(status, 1, Optional.empty());

        assertThat(out).contains("latest events").doesNotContain("event 1", "event 2");
        assertThat(cells(out, "1970-01-01 00:00:03")).containsExactly("1970-01-01 00:00:03", "HELD", "event 3");
        assertThat(out.indexOf("event 3")).isLessThan(out.indexOf("event 7"));
    }

    @Test
    void shouldShowTheLatestBatchesOldestFirstWithFailuresAndPendingOnes() {
        var failed = new BatchInfo(2, Time.of(2000), 1, 2000, 2010, 2020,
                List.of(new OutputOperationInfo(0, "print", 10, Optional.of("NullPointerException"))));
        var pending = new BatchInfo(3, Time.of(3000), 0, 3000, -1, -1, List.of());
        var old = new BatchInfo(1, Time.of(1000), 1, 1000, 1000, 1001, List.of());
        var status = new StreamStatus("a", StreamState.RUNNING, Map.of(), List.of(), 2, 1,
                List.of(pending, failed, old), List.of(), Optional.empty());

        String out = text.status(status, 2, Optional.of(Duration.ofMillis(500)));

        assertThat(out).contains("last 2 batches").doesNotContain("00:00:01.000");
        assertThat(cells(out, "1970-01-01 00:00:02.000")).containsExactly("1970-01-01 00:00:02.000", "1", "2.0/s",
                "0.010 s", "0.010 s", "0.020 s", "failed: print: NullPointerException");
        assertThat(cells(out, "1970-01-01 00:00:03.000"))
                .containsExactly("1970-01-01 00:00:03.000", "0", "0.0/s", "-", "-", "-", "queued");
        assertThat(out.indexOf("00:00:02.000")).isLessThan(out.indexOf("00:00:03.000"));
        assertThat(out).contains("pending      1 batch\n");
    }

    @Test
    void shouldCountTheBatchesHeldWhileASinkIsMissing() {
        var held = List.of(new BatchInfo(3, Time.of(3000), 4, 3000, 3001, -1, List.of()),
                new BatchInfo(4, Time.of(4000), 2, 4000, -1, -1, List.of()));
        var status = new StreamStatus("a", StreamState.WAITING, Map.of(), List.of("sink console"), 2, 0,
                held, List.of(), Optional.empty());

        assertThat(text.status(status, 5, Optional.of(Duration.ofSeconds(1))))
                .contains("pending      2 batches held until sink console returns")
                .contains("running", "queued");
    }

    @Test
    void shouldListTheAskedNumberOfBatchesWithRatesAndAverages() {
        var batches = java.util.stream.IntStream.rangeClosed(1, 30)
                .mapToObj(i -> new BatchInfo(i, Time.of(i * 2000L), i * 10L, i * 2000L, i * 2000L + 10,
                        i * 2000L + 30, List.of()))
                .toList();

        String out = text.batches(new BatchReport("a", batches, 4, Optional.of(Duration.ofSeconds(2))));

        assertThat(out).startsWith("a\nlast 4 batches\n");
        assertThat(out.lines().filter(l -> l.startsWith("1970-01-01"))).hasSize(4);
        assertThat(cells(out, "1970-01-01 00:01:00.000"))
                .containsExactly("1970-01-01 00:01:00.000", "300", "150.0/s", "0.010 s", "0.020 s", "0.030 s", "ok");
        // records 270, 280, 290, 300
        assertThat(cells(out, "average of 4")).containsExactly("average of 4", "285.0", "142.5/s", "0.010 s",
                "0.020 s", "0.030 s");
        assertThat(text.batches(new BatchReport("a", batches.subList(0, 2), 10, Optional.empty())))
                .contains("last 2 batches (all there are)").contains("  -  ");
    }

    private static List<String> cells(String table, String firstCell) {
        return table.lines().filter(l -> l.startsWith(firstCell)).findFirst()
                .map(l -> List.of(l.split(" {2,}"))).orElseThrow();
    }

    @Test
    void shouldWriteDelaysInSecondsWithMillisecondPrecision() {
        assertThat(BatchTable.seconds(Optional.of(Duration.ofMillis(447)))).isEqualTo("0.447 s");
        assertThat(BatchTable.seconds(Optional.of(Duration.ofSeconds(12)))).isEqualTo("12.000 s");
        assertThat(BatchTable.seconds(Optional.empty())).isEqualTo("-");
    }
}
