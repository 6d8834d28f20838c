package dev.sluice.benchmarks.jmh;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.runtime.internal.serial.LineText;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.serial.RecordTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A block of 20,000 received lines made and read: as strings in record format 2 (the lines a
 * receiver stored one by one) and as the bytes they arrived as in format 3 (storeLines). Per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@OperationsPerInvocation(TextBlockBenchmark.LINES)
public class TextBlockBenchmark {

    static final int LINES = 20_000;

    private final RecordSerializer serializer = new RecordSerializer(RecordTypes.builtIn());
    private byte[] text;
    private List<String> strings;
    private byte[] stringBlock;
    private byte[] lineBlock;

    @Setup
    public void makeBlocks() {
        text = new Words(7).text(LINES);
        strings = new ArrayList<>();
        for (String line : new String(text, UTF_8).split("\n")) {
            strings.add(line);
        }
        stringBlock = serializer.toBytes(strings);
        lineBlock = RecordSerializer.linesToBytes(text, 0, text.length, LINES);
    }

    @Benchmark
    public byte[] encodeStrings() {
        return serializer.toBytes(strings);
    }

    /** What a block cut of stored lines costs: counting them (the rate limit's count) and one copy. */
    @Benchmark
    public byte[] encodeLines() {
        int count = LineText.countLines(text, 0, text.length);
        return RecordSerializer.linesToBytes(text, 0, text.length, count);
    }

    @Benchmark
    public void readStrings(Blackhole bh) {
        serializer.forEach(stringBlock, 0, 1, bh::consume);
    }

    @Benchmark
    public void readLines(Blackhole bh) {
        serializer.forEach(lineBlock, 0, 1, bh::consume);
    }
}
