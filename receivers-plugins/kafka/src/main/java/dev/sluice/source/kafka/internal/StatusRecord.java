package dev.sluice.source.kafka.internal;

import dev.sluice.api.Time;
import dev.sluice.api.management.BatchDelays;
import dev.sluice.api.management.MemberReport;
import dev.sluice.api.management.MemberRole;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;

/**
 * A member's report as the value of its record on the group's status topic: {@code key=value}
 * lines (Java properties text) with a format number, so that a member of another version can tell
 * a report it cannot read. Beside the report, the id Kafka gave the member in the consumer group
 * that shares the stream's partitions ({@code consumer}), which ties that group's assignment to
 * the member's name.
 */
record StatusRecord(MemberReport report, Optional<String> consumerId) {

    static final String FORMAT = "1";

    byte[] encode() {
        var p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("stream", report.stream());
        p.setProperty("role", report.role().name());
        report.lastBatch().ifPresent(t -> p.setProperty("lastBatch", Long.toString(t.millis())));
        report.delays().ifPresent(d -> p.setProperty("delays", millis(d.scheduling(), d.processing(), d.total(),
                d.maxScheduling(), d.maxProcessing(), d.maxTotal())));
        consumerId.ifPresent(id -> p.setProperty("consumer", id));
        var text = new StringWriter();
        try {
            p.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The record in {@code value}; an {@link IllegalArgumentException} naming what is wrong when it is not one. */
    static StatusRecord decode(byte[] value) {
        var p = new Properties();
        try {
            p.load(new StringReader(new String(value, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a status record: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IllegalArgumentException("status record of format " + p.getProperty("format", "(none)")
                    + ", this member reads format " + FORMAT);
        }
        String stream = required(p, "stream");
        MemberRole role;
        try {
            role = MemberRole.valueOf(required(p, "role"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status record with an unknown role " + p.getProperty("role"), e);
        }
        Optional<Time> lastBatch = Optional.ofNullable(p.getProperty("lastBatch")).map(ms -> Time.of(number(ms)));
        Optional<BatchDelays> delays = Optional.ofNullable(p.getProperty("delays")).map(StatusRecord::delays);
        return new StatusRecord(new MemberReport(stream, role, lastBatch, delays),
                Optional.ofNullable(p.getProperty("consumer")));
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("status record without " + key);
        }
        return v;
    }

    private static String millis(Duration... delays) {
        return String.join(",", Arrays.stream(delays).map(d -> Long.toString(d.toMillis())).toList());
    }

    private static BatchDelays delays(String text) {
        String[] ms = text.split(",");
        if (ms.length != 6) {
            throw new IllegalArgumentException("status record with " + ms.length + " delays, not 6: " + text);
        }
        Duration[] d = Arrays.stream(ms).map(m -> Duration.ofMillis(number(m))).toArray(Duration[]::new);
        return new BatchDelays(d[0], d[1], d[2], d[3], d[4], d[5]);
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("status record with '" + text + "' where a number of milliseconds goes", e);
        }
    }
}
