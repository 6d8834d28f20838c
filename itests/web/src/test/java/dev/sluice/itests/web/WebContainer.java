package dev.sluice.itests.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/sluice run <application> ...} of the built distribution as a child process, its web
 * view on a free loopback port and its password, framework storage and log under {@code work}.
 */
final class WebContainer implements AutoCloseable {

    static final String USER = "sluice";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final Path passwordFile;
    private final int port;

    private WebContainer(Process process, Path log, Path passwordFile, int port) {
        this.process = process;
        this.log = log;
        this.passwordFile = passwordFile;
        this.port = port;
    }

    static WebContainer run(Path work, List<String> arguments) throws IOException {
        Path distribution = Path.of(System.getProperty("sluice.distribution"));
        int port = freePort();
        Path passwordFile = work.resolve("etc/web.password");
        Path log = work.resolve("sluice.log");
        var command = new ArrayList<String>();
        command.add(distribution.resolve("bin/sluice").toString());
        command.add("run");
        command.addAll(arguments);
        var builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                + " -Dorg.osgi.framework.storage=" + work.resolve("felix-cache")
                + " -Dorg.osgi.service.http.port=" + port
                + " -Dsluice.web.passwordFile=" + passwordFile);
        var container = new WebContainer(builder.start(), log, passwordFile, port);
        container.awaitWebView();
        return container;
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String password() {
        try {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitWebView() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(url("/sluice/login"))).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200 && Files.exists(passwordFile)) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the web view did not answer on port " + port + "; the container's output:\n"
                        + output());
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
