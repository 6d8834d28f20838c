package dev.sluice.itests.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kafka.testkit.KafkaBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages of a running container in a real browser: login, the streams list, a stream's charts and
 * tables, a batch, and a stream's group.
 */
class StreamPageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private ChromeDriver browser;

    @BeforeEach
    void startTheBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void closeTheBrowser() {
        browser.quit();
    }

    @Test
    void shouldRequireALoginAndRefuseAWrongPassword() throws Exception {
        try (var lines = new LineSource(); var sluice = WebContainer.run(work, lines.wordCountArguments())) {
            browser.get(sluice.url("/sluice/"));

            assertThat(browser.getCurrentUrl()).endsWith("/sluice/login");

            logIn(sluice, sluice.password() + "-wrong");

            assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Wrong user or password.");
            browser.get(sluice.url("/sluice/stream.html?name=network-word-count"));
            assertThat(browser.getCurrentUrl()).endsWith("/sluice/login");
        }
    }

    @Test
    void shouldDrawTheChartsAndFillTheTablesOfARunningWordCount() throws Exception {
        try (var lines = new LineSource(); var sluice = WebContainer.run(work, lines.wordCountArguments())) {
            lines.feedInTheBackground();
            logIn(sluice, sluice.password());
            assertThat(browser.getCurrentUrl()).endsWith("/sluice/");
            // the page refreshes itself: the stream starts once the container is up
            waitFor(d -> d.findElement(By.id("streams")).getText().contains("network-word-count RUNNING 300 ms"));

            browser.findElement(By.linkText("network-word-count")).click();
            int first = awaitMoreBatchesThan(0);
            int later = awaitMoreBatchesThan(first + 3);

            assertThat(later).isGreaterThan(first);
            // uPlot draws each of the four timelines and four histograms on a canvas
            assertThat(browser.findElements(By.cssSelector(".charts canvas"))).hasSize(8);
            assertThat(browser.findElement(By.id("avg-rate")).getText()).matches("avg [0-9.]+ records/s");
            assertThat(browser.findElement(By.id("timeline-processing")).getText()).contains("batch interval");
            String inputs = browser.findElement(By.id("receivers")).getText();
            assertThat(inputs).contains("socket 127.0.0.1:" + lines.port(), "socketTextStream-0");
            assertThat(inputs).containsPattern("[1-9][0-9.]* records/s");
            assertThat(rows("batches")).isGreaterThanOrEqualTo(later > 100 ? 100 : later);
            String graph = browser.findElement(By.id("graph")).getText();
            assertThat(graph).contains("socketTextStream", "print").containsPattern("source socket \\d+\\.\\d+\\.\\d+")
                    .containsPattern("[1-9][0-9,]* records · [0-9.]+ ms");
            assertThat(browser.findElements(By.cssSelector("#graph g[data-kind=input]"))).hasSize(1);
            assertThat(browser.findElement(By.id("events")).getText()).contains("STARTED started with source plugin 'socket'");
            assertThat(browser.findElements(By.cssSelector("#timeline circle[data-kind=STARTED]"))).hasSize(1);
            assertThat(browser.findElements(By.cssSelector("#graph g[data-kind=output]"))).isNotEmpty();
            assertThat(browser.findElement(By.id("group-section")).isDisplayed()).as("not in a group").isFalse();
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of(System.getProperty("sluice.screenshot")),
                    StandardCopyOption.REPLACE_EXISTING);

            openTheLatestBatch();
            waitFor(d -> !d.findElement(By.id("outputs")).findElements(By.cssSelector("tbody tr")).isEmpty());
            assertThat(browser.findElement(By.id("outputs")).getText()).contains("print");
            assertThat(browser.findElement(By.id("facts")).getText()).contains("Records", "Total delay");
        }
    }

    @Test
    void shouldShowTheErrorOfAFailedBatch() throws Exception {
        Path input = Files.createDirectories(work.resolve("in"));
        Path notADirectory = Files.writeString(work.resolve("occupied"), "a file where the output directory would go");
        var arguments = List.of("file-word-count", "dir=" + input, "out=" + notADirectory.resolve("counts"),
                "batch=300ms", "output.retries=0", "output.onFailure=skip");
        try (var sluice = WebContainer.run(work, arguments)) {
            logIn(sluice, sluice.password());
            Files.writeString(input.resolve("words.txt"), "to be or not to be\n");
            browser.get(sluice.url("/sluice/stream.html?name=file-word-count"));

            // the summary and the batches come from two requests: the summary may be a refresh behind
            waitFor(d -> !d.findElement(By.id("summary")).getText().contains("(0 failed)"));

            String failure = openAFailedBatch();
            assertThat(failure).isNotBlank();
            waitFor(d -> !d.findElement(By.id("failure")).getText().isEmpty());
            assertThat(browser.findElement(By.id("failure")).getText()).startsWith("Failed: ").contains(failure);
        }
    }

    @Test
    void shouldShowTheMembersOfTheStreamsGroup() throws Exception {
        try (var broker = KafkaBroker.start(work.resolve("kafka"))) {
            broker.createTopic("lines", 2);
            broker.createTopic("counts", 2);
            broker.send("lines", 0, "k", List.of("to be or not to be"));
            var arguments = List.of("kafka-word-count", "brokers=" + broker.bootstrapServers(), "topics=lines",
                    "out=counts", "startingOffsets=earliest", "batch=300ms", "group=wc",
                    "group.brokers=" + broker.bootstrapServers());
            try (var sluice = WebContainer.run(work, arguments)) {
                logIn(sluice, sluice.password());
                browser.get(sluice.url("/sluice/stream.html?name=kafka-word-count"));

                // the member owns both partitions once Kafka's consumer group assigned them, and has had a batch
                waitFor(d -> d.findElement(By.id("group")).getText().contains("lines-0, lines-1")
                        && d.findElement(By.id("group")).getText().contains(" / "));
                assertThat(browser.findElement(By.id("group-name")).getText()).isEqualTo("Group wc");
                var rows = browser.findElements(By.cssSelector("#group tbody tr"));
                assertThat(rows).hasSize(1);
                assertThat(rows.get(0).getText()).contains("(this one)", "sharing", "lines-0, lines-1")
                        .containsPattern("[0-9.]+ m?s / [0-9.]+ m?s / [0-9.]+ m?s")
                        .containsPattern("[0-9.]+ s ago").doesNotContain("silent");
            }
        }
    }

    private void logIn(WebContainer sluice, String password) {
        browser.get(sluice.url("/sluice/login"));
        browser.findElement(By.id("user")).sendKeys(WebContainer.USER);
        browser.findElement(By.id("password")).sendKeys(password);
        var button = browser.findElement(By.id("login"));
        button.click();
        // the answer is a new page, with the session cookie when the password was right
        waitFor(ExpectedConditions.stalenessOf(button));
    }

    /** Follows the latest batch's link; the table is redrawn every second, so a link found may be gone when clicked. */
    private void openTheLatestBatch() {
        waitFor(d -> {
            try {
                d.findElement(By.cssSelector("#batches tbody tr a")).click();
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    /**
     * Follows the link of a failed batch's row and returns the failure that row showed. Each batch fails
     * with its own output path in the message, so the row read and the batch opened must be the same.
     */
    private String openAFailedBatch() {
        return waitFor(d -> {
            try {
                for (var row : d.findElements(By.cssSelector("#batches tbody tr"))) {
                    var failed = row.findElements(By.cssSelector("td.failed"));
                    if (!failed.isEmpty()) {
                        String failure = failed.get(0).getText();
                        row.findElement(By.cssSelector("a")).click();
                        return failure;
                    }
                }
                return null;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    /** Waits until the completed batches count in the page's summary passes {@code than}; returns it. */
    private int awaitMoreBatchesThan(int than) {
        int[] seen = new int[1];
        waitFor(d -> {
            String summary = d.findElement(By.id("summary")).getText();
            var m = java.util.regex.Pattern.compile("(\\d+) batches completed").matcher(summary);
            seen[0] = m.find() ? Integer.parseInt(m.group(1)) : 0;
            return seen[0] > than && Integer.parseInt(d.findElement(By.id("retained")).getText()) > than;
        });
        return seen[0];
    }

    private int rows(String table) {
        return browser.findElement(By.id(table)).findElements(By.cssSelector("tbody tr")).size();
    }

    private <T> T waitFor(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, WAIT).until(condition);
    }

    /** A loopback server the word count's socket source connects to; it sends lines until closed. */
    static final class LineSource implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private volatile boolean open = true;

        LineSource() throws IOException {
        }

        int port() {
            return server.getLocalPort();
        }

        List<String> wordCountArguments() {
            return List.of("network-word-count", "host=127.0.0.1", "port=" + port(), "batch=300ms");
        }

        void feedInTheBackground() {
            Thread feeder = new Thread(() -> {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    byte[] line = "to be or not to be that is the question\n".getBytes(StandardCharsets.UTF_8);
                    while (open) {
                        out.write(line);
                        out.flush();
                        Thread.sleep(5); // a steady input rate for the charts, not a wait for anything
                    }
                } catch (IOException | InterruptedException e) {
                    // the container or the test closed the connection
                }
            }, "line-source");
            feeder.setDaemon(true);
            feeder.start();
        }

        @Override
        public void close() throws IOException {
            open = false;
            server.close();
        }
    }
}
