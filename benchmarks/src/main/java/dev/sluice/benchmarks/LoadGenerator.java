package dev.sluice.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server on the loopback interface that, like {@code nc -lk}, serves every client that
 * connects: each gets its own stream of records at a set rate (see {@link PacedSender}).
 *
 * <p>Arguments are {@code key=value}: {@code rate} (records/s, required), {@code port} (0, the
 * default, picks a free one), {@code portFile} (where to write the bound port, for scripts),
 * {@code duration} per connection (default 10m), {@code warmRate} and {@code warmup} (a first phase
 * at another rate, default none), {@code seed} (default 7), {@code poolSize} (distinct records
 * cycled through, default 65536) and {@code tick} (how often what is due is written, default 1ms).
 * {@code keys=N} replaces the Zipf-skewed 3,000-word records by a key space of N distinct words, each sent once per pass over {@code ceil(N / 10)} records (see
 * {@link RecordPool#keySpace}); for state of N keys. Without it the bytes sent are those of the
 * Spark reference's generator.
 */
public final class LoadGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);

    private LoadGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Config config = Config.parse(Arrays.asList(args));
        if (!config.has("rate")) {
            throw new ConfigException("the generator needs rate=<records per second>, e.g. rate=600000");
        }
        int rate = config.integer("rate", 0);
        var schedule = new RateSchedule(config.integer("warmRate", rate),
                config.duration("warmup", Duration.ZERO).toNanos(), rate);
        long durationNanos = config.duration("duration", Duration.ofMinutes(10)).toNanos();
        long tickNanos = config.duration("tick", Duration.ofNanos(PacedSender.DEFAULT_TICK_NANOS)).toNanos();
        if (tickNanos < 1) {
            throw new ConfigException("tick must be positive, e.g. tick=1ms (how often what is due is written)");
        }
        RecordPool pool = config.has("keys")
                ? RecordPool.keySpace(config.integer("keys", 0), config.integer("seed", 7))
                : RecordPool.generate(config.integer("poolSize", 1 << 16), config.integer("seed", 7));

        try (var server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.integer("port", 0)));
            int port = server.getLocalPort();
            LOG.info("listening on {}:{}, {} records/s after {} at {} records/s, records of {} bytes on average{}",
                    server.getInetAddress().getHostAddress(), port, schedule.rate(),
                    Duration.ofNanos(schedule.warmNanos()), schedule.warmRate(),
                    String.format(Locale.ROOT, "%.1f", pool.averageRecordBytes()),
                    config.has("keys") ? ", " + pool.size() + " records over " + config.integer("keys", 0) + " keys" : "");
            if (config.has("portFile")) {
                writeAtomically(Path.of(config.string("portFile")), Integer.toString(port));
            }
            for (int client = 0; ; client++) {
                Socket socket = server.accept();
                LOG.info("client {} connected from {}", client, socket.getRemoteSocketAddress());
                var sender = new Thread(new PacedSender(socket, client, pool, schedule, durationNanos, tickNanos),
                        "sender-" + client);
                sender.setDaemon(true);
                sender.start();
            }
        }
    }

    /** Readers polling for the file never see it half written. */
    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
