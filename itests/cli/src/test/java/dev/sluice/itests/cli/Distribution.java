package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private copy of the built distribution (so keys, history and logs a test makes stay in its
 * temporary folder), and bin/sluice run in it as a child process.
 */
final class Distribution {

    private final Path home;

    private Distribution(Path home) {
        this.home = home;
    }

    static Distribution copyTo(Path dir) throws IOException {
        String built = System.getProperty("sluice.distribution");
        assertThat(built).as("system property sluice.distribution (set by the pom)").isNotBlank();
        Path source = Path.of(built);
        assertThat(source.resolve("bin/sluice")).as("the distribution is built (mvn package)").exists();
        Path home = dir.resolve("sluice");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = source.relativize(f);
                if (rel.startsWith("data") || rel.startsWith("log")) {
                    continue; // whatever a run of the build's own copy left there
                }
                Path target = home.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("log"));
        var copy = new Distribution(home);
        // other containers on this machine (tests of other builds, a user's) may hold the default ports
        copy.sshOnAnyFreePort();
        copy.httpOnAnyFreePort();
        return copy;
    }

    Path home() {
        return home;
    }

    /** This home moved to {@code to} (which must not exist), as a user moves an unpacked distribution. */
    Distribution movedTo(Path to) throws IOException {
        Files.move(home, to);
        return new Distribution(to);
    }

    Path file(String relative) {
        return home.resolve(relative);
    }

    /** A free port for the SSH shell: the server picks one and writes it to data/ssh.port. */
    void sshOnAnyFreePort() throws IOException {
        Path cfg = file("etc/dev.sluice.ssh.cfg");
        Files.writeString(cfg, Files.readString(cfg).replaceAll("(?m)^port\\s*=.*$", "port = 0"));
    }

    /** The web view on a free port, so that containers of tests running side by side do not meet on 8181. */
    void httpOnAnyFreePort() throws IOException {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path cfg = file("etc/config.properties");
        Files.writeString(cfg, Files.readString(cfg).replaceAll("(?m)^org.osgi.service.http.port\\s*=.*$",
                "org.osgi.service.http.port = " + port));
    }

    /** The web view's port, as {@link #httpOnAnyFreePort()} wrote it. */
    int httpPort() throws IOException {
        var matcher = java.util.regex.Pattern.compile("(?m)^org.osgi.service.http.port\\s*=\\s*(\\d+)")
                .matcher(Files.readString(file("etc/config.properties")));
        assertThat(matcher.find()).as("the web view's port in etc/config.properties").isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    ProcessBuilder command(List<String> words, Map<String, String> env) {
        var command = new ArrayList<String>();
        command.add(file("bin/sluice").toString());
        command.addAll(words);
        var builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs bin/sluice with {@code words} to the end (at most two minutes); standard error joins standard output. */
    Result run(Map<String, String> env, String... words) throws IOException, InterruptedException {
        Process p = command(List.of(words), env).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bin/sluice " + String.join(" ", words) + " did not end: "
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    Result run(String... words) throws IOException, InterruptedException {
        return run(Map.of(), words);
    }

    /** bin/sluice start, which must succeed. */
    void startInBackground() throws IOException, InterruptedException {
        var started = run("start");
        assertThat(started.status()).as(started.output()).isZero();
    }

    /** bin/sluice stop and start: the background container restarted. */
    void restartInBackground() throws IOException, InterruptedException {
        var stopped = run("stop");
        assertThat(stopped.status()).as(stopped.output()).isZero();
        startInBackground();
    }

    /** One command in the background container, which must succeed; its output. */
    String client(String command) throws IOException, InterruptedException {
        var result = run("client", command);
        assertThat(result.status()).as(command + ": " + result.output()).isZero();
        return result.output();
    }

    String log() throws IOException {
        Path log = file("log/sluice.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    record Result(int status, String output) {
    }
}
