package dev.sluice.sink.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A print stream whose every line becomes an INFO log line of the console sink's logger. */
final class LogLines extends OutputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSinkProvider.class);

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    static PrintStream stream() {
        return new PrintStream(new LogLines(), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            LOG.info("{}", line.toString(StandardCharsets.UTF_8));
            line.reset();
        } else if (b != '\r') {
            line.write(b);
        }
    }
}
