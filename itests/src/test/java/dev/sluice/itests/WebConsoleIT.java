package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import javax.inject.Inject;
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
 * Sluice's tab in the Felix Web Console, for those who add the console to the container: the
 * streams with their state and links to their pages, behind the console's own login.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebConsoleIT {

    private static final String APP = "network-word-count";
    private static final String CONSOLE_USER = "operator";
    private static final String TAB = "/system/console/sluice";

    @Inject
    private StreamManager streams;

    @Inject
    private BundleContext context;

    private WebCalls web;

    @Configuration
    public Option[] configuration() throws IOException {
        File passwordFile = new File(Files.createTempDirectory("sluice-console-it").toFile(), "etc/web.password");
        return options(SluiceContainer.assembled(), SluiceContainer.web(WebCalls.freePort(), passwordFile),
                // never the console's stock admin/admin
                systemProperty("felix.webconsole.username").value(CONSOLE_USER),
                systemProperty("felix.webconsole.password").value(UUID.randomUUID().toString()),
                mavenBundle("org.owasp.encoder", "encoder").versionAsInProject().startLevel(3),
                mavenBundle("org.apache.felix", "org.apache.felix.inventory").versionAsInProject().startLevel(3),
                mavenBundle("org.apache.felix", "org.apache.felix.webconsole").versionAsInProject().startLevel(3));
    }

    @Before
    public void reachTheConsole() {
        SluiceContainer.awaitApplicationAndPlugins(streams);
        web = new WebCalls(HttpClient.newHttpClient(), Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        Await.until("the console's Sluice tab", () -> web.status(TAB, consoleCredentials()), s -> s == 200);
    }

    @After
    public void stopTheStream() {
        streams.stop(APP);
    }

    @Test
    public void shouldListTheStreamsWithTheirStateAndLinksToTheirPages() throws Exception {
        try (var server = new LineServer()) {
            String address = server.address();
            streams.start(APP, Config.of(Map.of("host", "127.0.0.1",
                    "port", address.substring(address.lastIndexOf(':') + 1))));
            server.awaitConnection();
            assertEquals(StreamState.RUNNING, streams.status(APP).state());

            String tab = get(TAB, consoleCredentials()).body();

            assertTrue(tab, tab.contains("<a href=\"/sluice/stream.html?name=network-word-count\">network-word-count</a>"
                    + "</td><td>RUNNING</td>"));
            assertTrue(tab, tab.contains("<a href=\"/sluice/\">Sluice's web view</a>"));
            // inside the console's page, with its navigation
            assertTrue(tab, tab.contains("/system/console/bundles"));
        }
    }

    @Test
    public void shouldKeepTheTabBehindTheConsolesLogin() throws Exception {
        assertEquals(401, get(TAB, null).statusCode());
        assertEquals(401, get(TAB, basic("admin", "admin")).statusCode());
        String sluicePassword = Files.readString(new File(context.getProperty("sluice.web.passwordFile")).toPath())
                .strip();
        assertEquals("Sluice's own password does not open the console", 401,
                get(TAB, basic("sluice", sluicePassword)).statusCode());
    }

    private String consoleCredentials() {
        return basic(CONSOLE_USER, context.getProperty("felix.webconsole.password"));
    }

    private static String basic(String user, String password) {
        return WebCalls.basic(user, password);
    }

    private HttpResponse<String> get(String path, String authorization) {
        return web.get(path, authorization);
    }
}
