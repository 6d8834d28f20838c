package dev.sluice.source.socket.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.benchmarks.jmh.Words;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The socket receiver's work on one 64 KiB read of generator lines (the read ends inside a line,
 * as reads do): cut into runs of complete lines handed on as bytes, against decoding each line
 * into a string and encoding it back, which is what the receiver and the block generator did per
 * line before lines were stored as bytes. Per read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LineSplitBenchmark {

    private static final int READ = 64 * 1024;

    private ByteBuf read;
    private LineSplitter splitter;

    @Setup
    public void makeRead() {
        byte[] text = new Words(7).text(1_000);
        read = Unpooled.wrappedBuffer(text, 0, READ);
        splitter = new LineSplitter(1 << 20, "benchmark");
    }

    @Benchmark
    public void splitIntoRuns(Blackhole bh) {
        read.readerIndex(0);
        splitter.split(read, (text, offset, length) -> bh.consume(length));
    }

    @Benchmark
    public void decodeAndEncodeEachLine(Blackhole bh) {
        byte[] text = read.array();
        int start = read.arrayOffset();
        int end = start + READ;
        for (int i = start; i < end; i++) {
            if (text[i] == '\n') {
                String line = new String(text, start, i - start, UTF_8);
                bh.consume(line.getBytes(UTF_8));
                start = i + 1;
            }
        }
    }
}
