package dev.sluice.sink.console.internal;

import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import java.io.PrintStream;

/**
 * Prints the batch time and the first {@code num} elements of each batch, as the spec's
 * {@code print()} does:
 * <pre>
 * -------------------------------------------
 * Time: 1357008430000 ms
 * -------------------------------------------
 * (hello,1)
 * (world,1)
 *
 * </pre>
 */
final class ConsoleSink<T> implements Sink<T> {

    static final String RULE = "-".repeat(43);

    private final PrintStream out;
    private final int num;

    ConsoleSink(PrintStream out, int num) {
        this.out = out;
        this.num = num;
    }

    @Override
    public void write(Dataset<T> batch, Time time) {
        var text = new StringBuilder(128)
                .append(RULE).append('\n')
                .append("Time: ").append(time).append('\n')
                .append(RULE).append('\n');
        // take computes only the partitions needed for the first num elements
        for (T element : batch.take(num)) {
            text.append(element).append('\n');
        }
        text.append('\n');
        // one print call: PrintStream holds its lock for it, so batches of concurrent streams do not interleave
        out.print(text.toString());
        out.flush();
    }
}
