package dev.sluice.runtime.internal.checkpoint;

import dev.sluice.api.Config;
import dev.sluice.api.Time;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The spec's driver-failure example as a source: one new "file" per second, the one at second k
 * holding 10 * k lines ("k:0" ...). Like a directory, each file is taken by one batch only: its
 * progress is the last batch polled; restored, it gives a batch it had polled the same file again.
 */
final class LinesSource implements BatchSource<String> {

    private final int quietEvery;
    private long lastPolled = Long.MIN_VALUE;

    private LinesSource(int quietEvery) {
        this.quietEvery = quietEvery;
    }

    static Plugins plugins() {
        return plugins(0);
    }

    /** As {@link #plugins()}, but every {@code quietEvery}-th second brings no file (0: every second brings one). */
    static Plugins plugins(int quietEvery) {
        SourceProvider provider = new SourceProvider() {
            @Override
            public BatchSource<?> createBatchSource(Config config) {
                return new LinesSource(quietEvery);
            }
        };
        return StreamTestKit.plugins(Map.of("lines", provider), Map.of());
    }

    @Override
    public void start(BatchSourceContext context) {
    }

    @Override
    public List<InputSplit<String>> poll(Time batchTime) {
        long to = batchTime.millis();
        long from = lastPolled == Long.MIN_VALUE || to <= lastPolled ? to - 1000 : lastPolled;
        lastPolled = Math.max(lastPolled, to);
        return List.of(new InputSplit<>() {
            @Override
            public void read(Consumer<? super String> out) {
                for (long second = from / 1000 + 1; second <= to / 1000; second++) {
                    if (quietEvery > 0 && second % quietEvery == 0) {
                        continue;
                    }
                    for (int line = 0; line < 10 * second; line++) {
                        out.accept(second + ":" + line);
                    }
                }
            }

            @Override
            public String description() {
                return "files of seconds " + (from / 1000 + 1) + " to " + to / 1000;
            }
        });
    }

    @Override
    public byte[] progress() {
        return ByteBuffer.allocate(8).putLong(lastPolled).array();
    }

    @Override
    public void restore(byte[] progress) {
        lastPolled = ByteBuffer.wrap(progress).getLong();
    }
}
