package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging as etc/org.ops4j.pax.logging.cfg says from the logging bundle's start: every line from the
 * first bundle after it is in log/sluice.log, and an edit of the file takes effect while the
 * container runs.
 */
class LoggingIT {

    @TempDir
    Path dir;

    private Distribution sluice;
    private Path settings;

    @BeforeEach
    void copyTheDistribution() throws Exception {
        sluice = Distribution.copyTo(dir);
        settings = sluice.file("etc/org.ops4j.pax.logging.cfg");
    }

    @Test
    void shouldLogFromTheFirstBundleOnAndTakeAnEditOfTheFileWhileRunning() throws Exception {
        // DEBUG everywhere: Configuration Admin, the bundle started right after logging, says what it does
        Files.writeString(settings, Files.readString(settings)
                .replaceFirst("(?m)^log4j2.rootLogger.level = INFO$", "log4j2.rootLogger.level = DEBUG")
                .replaceFirst("(?m)^log4j2.logger.osgi.level = WARN$", "log4j2.logger.osgi.level = DEBUG"));
        try (var server = new LineServer();
             var run = RunningSluice.start(sluice, dir.resolve("run.out"), "run", "network-word-count",
                     "host=127.0.0.1", "port=" + server.port())) {
            run.awaitOutput("sluice: network-word-count started");

            String log = sluice.log();
            assertThat(log).as("the first line Configuration Admin logs at its start")
                    .contains("configadmin: Using default persistence manager");
            assertThat(log.indexOf("configadmin: Using default persistence manager"))
                    .isLessThan(log.indexOf("Stream network-word-count started"));
            assertThat(run.output()).as("the console shows WARN and above for run").doesNotContain(" DEBUG ");

            Files.writeString(settings, Files.readString(settings).replace(
                    "log4j2.appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5level",
                    "log4j2.appender.file.layout.pattern = edited %d{yyyy-MM-dd HH:mm:ss,SSS} %-5level"));
            server.awaitConnections(1);
            Await.until("a line in the edited layout in log/sluice.log", () -> {
                server.send("to be or not to be");
                return logHas("\nedited ");
            }, this::tail);
            assertThat(run.stop()).isEqualTo(143);
        }
    }

    private boolean logHas(String text) {
        try {
            return sluice.log().contains(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String tail() {
        try {
            String log = sluice.log();
            return log.substring(Math.max(0, log.length() - 2000));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
