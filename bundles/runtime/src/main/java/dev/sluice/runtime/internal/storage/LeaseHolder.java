package dev.sluice.runtime.internal.storage;

import dev.sluice.api.SluiceException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who holds a checkpoint directory's lease: the stream's application, the host, the process and
 * when that process started (a process id reused by a later process is not the holder), since
 * when, and a token that tells this holder from any other. Stored as {@code key=value} lines
 * after a first line naming the format.
 */
record LeaseHolder(String application, String host, long pid, long processStart, Instant since, String token) {

    private static final String FORMAT = "sluice checkpoint lease 1";

    static LeaseHolder current(String application) {
        ProcessHandle self = ProcessHandle.current();
        long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new LeaseHolder(application, hostName(), self.pid(), started, Instant.now(),
                UUID.randomUUID().toString());
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    String encode() {
        var lines = new StringBuilder(FORMAT).append('\n');
        fields().forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        return lines.toString();
    }

    private Map<String, String> fields() {
        var fields = new LinkedHashMap<String, String>();
        fields.put("application", application);
        fields.put("host", host);
        fields.put("pid", Long.toString(pid));
        fields.put("processStart", Long.toString(processStart));
        fields.put("since", since.toString());
        fields.put("token", token);
        return fields;
    }

    /** The holder {@code content} names; {@code file} names the lease in the error if it is not one. */
    static LeaseHolder decode(String content, String file) {
        String[] lines = content.split("\n");
        if (lines.length == 0 || !lines[0].equals(FORMAT)) {
            throw new SluiceException(file + " is not a Sluice checkpoint lease (first line: '"
                    + (lines.length == 0 ? "" : lines[0]) + "'); if no stream uses this directory, delete it");
        }
        var fields = new LinkedHashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        try {
            return new LeaseHolder(fields.getOrDefault("application", "?"), fields.getOrDefault("host", "?"),
                    Long.parseLong(fields.getOrDefault("pid", "-1")),
                    Long.parseLong(fields.getOrDefault("processStart", "0")),
                    Instant.parse(fields.getOrDefault("since", Instant.EPOCH.toString())),
                    fields.getOrDefault("token", ""));
        } catch (RuntimeException e) {
            throw new SluiceException(file + " is a damaged checkpoint lease (" + e.getMessage()
                    + "); if no stream uses this directory, delete it", e);
        }
    }

    boolean onThisHost() {
        return host.equals(hostName());
    }

    /** On this host: whether its process has ended (or the id now belongs to a process started later). */
    boolean processEnded() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> processStart == 0 || p.info().startInstant().map(Instant::toEpochMilli)
                        .map(s -> s == processStart).orElse(true))
                .isEmpty();
    }

    String describe() {
        Duration held = Duration.between(since, Instant.now());
        return "stream '" + application + "' in process " + pid + " on " + host + " since " + since + " ("
                + Math.max(0, held.toSeconds()) + " s)";
    }
}
