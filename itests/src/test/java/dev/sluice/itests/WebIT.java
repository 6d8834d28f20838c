package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import dev.sluice.api.Config;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * A running word count seen from outside: its MBean over JMX, the Prometheus endpoint and the JSON
 * API over HTTP on loopback, behind the generated password, with forged requests refused.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebIT {

    private static final String APP = "network-word-count";
    private static final String USER = "sluice";

    @Inject
    private StreamManager streams;

    @Inject
    private BundleContext context;

    private WebCalls web;

    @Configuration
    public Option[] configuration() throws IOException {
        File passwordFile = new File(Files.createTempDirectory("sluice-web-it").toFile(), "etc/web.password");
        return options(SluiceContainer.assembled(), SluiceContainer.web(WebCalls.freePort(), passwordFile));
    }

    @Before
    public void reachTheWebView() {
        SluiceContainer.awaitApplicationAndPlugins(streams);
        web = new WebCalls(HttpClient.newBuilder().cookieHandler(new CookieManager()).build(),
                Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        Await.until("the web view answering", () -> web.status("/sluice/login", null), s -> s == 200);
    }

    @After
    public void stopTheStream() {
        streams.stop(APP);
    }

    @Test
    public void shouldGenerateAPasswordReadableOnlyByItsOwner() throws Exception {
        var file = passwordFile();

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.toPath())));
        assertTrue(password().length() >= 20);
        assertFalse(password().equals("admin"));
    }

    @Test
    public void shouldRefuseTheApiAndMetricsWithoutCredentialsOrWithAWrongPassword() throws Exception {
        assertEquals(401, get("/sluice/api/streams", null).statusCode());
        assertEquals(401, get("/sluice/metrics", null).statusCode());
        assertEquals(401, get("/sluice/api/streams", basic(USER, password() + "x")).statusCode());
        assertEquals(401, get("/sluice/metrics", basic("admin", "admin")).statusCode());
        assertEquals(401, loginForm(USER, "wrong").statusCode());
        assertEquals(401, get("/sluice/api/streams", null).statusCode());
    }

    @Test
    public void shouldShowARunningWordCountOverJmxPrometheusAndTheApi() throws Exception {
        try (var server = new LineServer()) {
            String checkpoint = Files.createTempDirectory("sluice-web-it-checkpoint").toString();
            streams.start(APP, Config.of(Map.of("host", "127.0.0.1", "port", port(server), "batch", "200ms",
                    "checkpoint", checkpoint)));
            var connection = server.awaitConnection();
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("sluice:type=Stream,name=" + APP);
            Await.until("ten records received and a completed batch with them", () -> {
                try {
                    connection.send("to be or not to be");
                    connection.send("that is the question");
                    return (Long) jmx.getAttribute(name, "totalProcessedRecords");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, processed -> processed >= 10);

            assertEquals("RUNNING", jmx.getAttribute(name, "state"));
            assertEquals(1L, jmx.getAttribute(name, "receivers"));
            assertEquals(200L, jmx.getAttribute(name, "batchInterval"));
            assertTrue((Long) jmx.getAttribute(name, "totalCompletedBatches") > 0);
            assertTrue((Long) jmx.getAttribute(name, "totalReceivedRecords")
                    >= (Long) jmx.getAttribute(name, "totalProcessedRecords"));
            assertTrue((Long) jmx.getAttribute(name, "lastCompletedBatch_totalDelay")
                    >= (Long) jmx.getAttribute(name, "lastCompletedBatch_processingDelay"));
            assertTrue((Long) jmx.getAttribute(name, "lastCompletedBatch_processingEndTime") > 0);
            assertTrue((Long) jmx.getAttribute(name, "lastCheckpoint_size") > 0);
            assertTrue((Long) jmx.getAttribute(name, "lastCheckpoint_duration") >= 0);
            var inputs = (TabularData) jmx.getAttribute(name, "inputs");
            CompositeData input = inputs.get(new Object[] {"socketTextStream-0"});
            assertEquals(-1L, input.get("lag"));
            Await.until("a positive input rate over the latest batches", () -> {
                try {
                    connection.send("to be or not to be");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return streams.metrics(APP).inputs().get(0).recordsPerSecond();
            }, rate -> rate > 0);

            String metrics = get("/sluice/metrics", basic(USER, password())).body();
            assertTrue(metrics, metrics.contains("# TYPE sluice_streaming_totalCompletedBatches gauge"));
            long scraped = figure(metrics, "totalProcessedRecords");
            assertTrue(metrics, scraped >= 10);
            assertEquals(1, figure(metrics, "receivers"));
            assertTrue(metrics, figure(metrics, "lastCheckpoint_size") > 0);
            assertTrue(metrics, metrics.matches("(?s).*\nsluice_streaming_input_recordsPerSecond\\{input=\"socketTextStream-0\","
                    + "stream=\"" + APP + "\"} [0-9.E]+\n.*"));

            String list = get("/sluice/api/streams", basic(USER, password())).body();
            assertTrue(list, list.contains("{\"name\":\"network-word-count\""));
            assertTrue(list, list.contains("\"state\":\"RUNNING\""));
            String batches = get("/sluice/api/streams/" + APP + "/batches", basic(USER, password())).body();
            assertTrue(batches, batches.contains("\"batchInterval\":200"));
            assertTrue(batches, batches.matches("(?s).*\"records\":[1-9].*"));
            assertTrue(batches, batches.matches("(?s).*\"inputRecords\":\\{\"0\":[1-9].*"));
            String detail = get("/sluice/api/streams/" + APP, basic(USER, password())).body();
            assertTrue(detail, detail.contains("\"inputs\":[{\"streamId\":0,\"name\":\"socketTextStream-0\","
                    + "\"recordsPerSecond\":"));
            assertTrue(detail, detail.matches("(?s).*\"events\":\\[.*\\{\"time\":\\d+,\"kind\":\"STARTED\","
                    + "\"message\":\"started with source plugin 'socket', sink plugin 'console'\"}].*"));
            assertTrue(batches, batches.contains("\"description\":\"print"));
            // a look at the graph has the batches after it measured
            String credentials = basic(USER, password());
            get("/sluice/api/streams/" + APP + "/graph", credentials);
            String graph = Await.until("a measured batch in the graph", () -> {
                try {
                    connection.send("to be or not to be");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return get("/sluice/api/streams/" + APP + "/graph", credentials).body();
            }, body -> body.contains("\"lastBatch\":{"));
            assertTrue(graph, graph.matches("(?s).*\"parents\":\\[],\"plugin\":\\{\"kind\":\"source\",\"type\":\"socket\","
                    + "\"provider\":\"dev\\.sluice\\.source\\.socket .*"));
            assertTrue(graph, graph.contains("\"outputs\":[{\"id\":0,\"description\":\"print"));
            assertTrue(graph, graph.matches("(?s).*\"bundle\":\"dev\\.sluice\\.source\\.socket\",\"version\":\"\\d+\\.\\d+\\.\\d+.*"));
            assertTrue(graph, graph.matches("(?s).*\"lastBatch\":\\{\"batchTime\":\\d+,\"records\":\\d+,\"time\":.*"));
        }
    }

    @Test
    public void shouldStopAStreamOnlyWithTheSessionsTokenAfterALogin() throws Exception {
        try (var server = new LineServer()) {
            streams.start(APP, Config.of(Map.of("host", "127.0.0.1", "port", port(server))));
            server.awaitConnection();
            var login = loginForm(USER, password());
            assertEquals(302, login.statusCode());
            assertTrue(login.headers().firstValue("Location").orElseThrow().endsWith("/sluice/"));
            Matcher token = Pattern.compile("\"csrfToken\":\"([^\"]+)\"")
                    .matcher(get("/sluice/api/session", null).body());
            assertTrue(token.find());
            String stop = "/sluice/api/streams/" + APP + "/stop";

            assertEquals(403, post(stop, null, null).statusCode());
            assertEquals(403, post(stop, token.group(1) + "x", null).statusCode());
            assertEquals(403, post(stop, token.group(1), "http://attacker.example").statusCode());
            assertEquals(StreamState.RUNNING, streams.status(APP).state());

            var stopped = post(stop, token.group(1), web.base());
            assertEquals(200, stopped.statusCode());
            assertTrue(stopped.body(), stopped.body().contains("\"state\":\"STOPPED\""));
            assertEquals(StreamState.STOPPED, streams.status(APP).state());
        }
    }

    private static String port(LineServer server) {
        return server.address().substring(server.address().lastIndexOf(':') + 1);
    }

    private HttpResponse<String> post(String path, String csrfToken, String origin) {
        var request = web.request(path).POST(HttpRequest.BodyPublishers.noBody());
        if (csrfToken != null) {
            request.header("X-Sluice-CSRF", csrfToken);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request.build());
    }

    private long figure(String metrics, String figure) {
        Matcher m = Pattern.compile("(?m)^sluice_streaming_" + figure + "\\{stream=\"" + APP + "\"} (\\S+)$")
                .matcher(metrics);
        assertTrue(metrics, m.find());
        return (long) Double.parseDouble(m.group(1));
    }

    private File passwordFile() {
        return new File(context.getProperty("sluice.web.passwordFile"));
    }

    private String password() throws IOException {
        return Files.readString(passwordFile().toPath()).strip();
    }

    private static String basic(String user, String password) {
        return WebCalls.basic(user, password);
    }

    private HttpResponse<String> get(String path, String authorization) {
        return web.get(path, authorization);
    }

    private HttpResponse<String> loginForm(String user, String password) {
        String form = "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return send(web.request("/sluice/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        return web.send(request);
    }
}
