package dev.sluice.sink.console.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SinkType;
import java.io.PrintStream;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Component;

/**
 * Sink type {@code console}: prints the first {@code num} elements (default 10) of every batch.
 * Public with a no-argument constructor for {@link java.util.ServiceLoader} as well as DS.
 */
@Component(service = SinkProvider.class)
@SinkType("console")
public class ConsoleSinkProvider implements SinkProvider {

    static final String PRINT = "sluice.print";
    static final String NUM = "num";
    static final int DEFAULT_NUM = 10;

    private final Supplier<PrintStream> console;

    /**
     * To standard output, unless the system property {@value #PRINT} is {@code log} (the
     * container's interactive shell, whose prompt it would write over, and a background
     * container): then to the log, a log line per line. Both looked up per sink, so a
     * System.setOut made after this provider was created still counts.
     */
    public ConsoleSinkProvider() {
        this(() -> "log".equals(System.getProperty(PRINT)) ? LogLines.stream() : System.out);
    }

    ConsoleSinkProvider(Supplier<PrintStream> console) {
        this.console = console;
    }

    @Override
    public <T> Sink<T> createSink(Config config) {
        int num = config.integer(NUM, DEFAULT_NUM);
        if (num < 0) {
            throw new ConfigException(NUM + " is how many elements of each batch to print and cannot be negative, got " + num);
        }
        return new ConsoleSink<>(console.get(), num);
    }
}
