package dev.sluice.sink.console.internal;

import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints the batch time and the first {@code num} elements of each batch, as the spec's
 * {@code print()} does, and a line {@code ...} when the batch holds more than that:
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
        // take computes only the partitions needed; one element more tells whether there are more
        List<T> first = batch.take(num < Integer.MAX_VALUE ? num + 1 : num);
        for (T element : first.subList(0, Math.min(num, first.size()))) {
            text.append(element).append('\n');
        }
        if (first.size() > num) {
            text.append("...\n");
        }
        text.append('\n');
        // one print call: PrintStream holds its lock for it, so batches of concurrent streams do not interleave
        out.print(text.toString());
        out.flush();
    }
}
