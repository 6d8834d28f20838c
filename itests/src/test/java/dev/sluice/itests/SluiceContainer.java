package dev.sluice.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.util.List;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamManager;
import org.ops4j.pax.exam.Option;

/**
 * The container as the distribution assembles it: logging, Declarative Services, Gogo's runtime,
 * Netty, and Sluice's API, Hadoop bundle, runtime, shell, examples, socket and files sources,
 * console and file sinks. Left out: the interactive Gogo shell (it would read the test JVM's
 * stdin), Config Admin and FileInstall (no etc/ or deploy/ here); logging is set by a system
 * property instead of etc/.
 */
final class SluiceContainer {

    /** Where the build copies Sluice's bundles (see the pom): under `mvn verify` they are in no repository yet. */
    private static final String BUNDLES_DIR = "sluice.bundles.dir";

    static final String CONSOLE_SINK = "dev.sluice.sink.console";

    private SluiceContainer() {
    }

    /**
     * The distribution's start levels, shifted under Exam's test probe (level 5): logging first, then
     * Declarative Services and Gogo, then libraries, plugins and applications, then the runtime and
     * the shell, so that on shutdown streams stop before their plugins leave.
     */
    static Option assembled() {
        return composite(
                // pax-logging logs DEBUG to stdout until told otherwise
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                mavenBundle("org.ops4j.pax.logging", "pax-logging-api").versionAsInProject().startLevel(1),
                mavenBundle("org.ops4j.pax.logging", "pax-logging-log4j2").versionAsInProject().startLevel(1),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject().startLevel(2),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject().startLevel(2),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject().startLevel(2),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject().startLevel(2),
                mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject().startLevel(2),
                mavenBundle("com.esotericsoftware", "minlog").versionAsInProject().startLevel(3),
                mavenBundle("org.objenesis", "objenesis").versionAsInProject().startLevel(3),
                mavenBundle("com.esotericsoftware", "reflectasm").versionAsInProject().startLevel(3),
                mavenBundle("com.esotericsoftware", "kryo").versionAsInProject().startLevel(3),
                mavenBundle("io.netty", "netty-common").versionAsInProject().startLevel(3),
                mavenBundle("io.netty", "netty-buffer").versionAsInProject().startLevel(3),
                mavenBundle("io.netty", "netty-resolver").versionAsInProject().startLevel(3),
                mavenBundle("io.netty", "netty-transport").versionAsInProject().startLevel(3),
                sluice("sluice-api", 3),
                sluice("sluice-hadoop", 3),
                sluice("sluice-source-socket", 3),
                sluice("sluice-source-files", 3),
                sluice("sluice-sink-console", 3),
                sluice("sluice-sink-files", 3),
                sluice("sluice-examples", 3),
                sluice("sluice-runtime", 4),
                sluice("sluice-shell", 4),
                junitBundles());
    }

    /**
     * Waits until the runtime knows {@code network-word-count}, the socket source and the console
     * sink: their bundles may start after the StreamManager a test gets injected.
     */
    static void awaitApplicationAndPlugins(StreamManager streams) {
        Await.until("network-word-count in the stream manager's list", streams::list,
                list -> list.stream().anyMatch(s -> s.application().equals("network-word-count")));
        Await.until("the socket source and the console sink among the plugins", streams::plugins,
                plugins -> has(plugins, "source", "socket") && has(plugins, "sink", "console"));
    }

    private static boolean has(List<PluginDescription> plugins, String kind, String type) {
        return plugins.stream().anyMatch(p -> p.kind().equals(kind) && p.type().equals(type));
    }

    private static Option sluice(String artifactId, int startLevel) {
        String dir = System.getProperty(BUNDLES_DIR);
        if (dir == null) {
            throw new IllegalStateException("system property " + BUNDLES_DIR
                    + " is not set; run the tests with Maven (mvn verify), which copies Sluice's bundles there");
        }
        File jar = new File(dir, artifactId + ".jar");
        if (!jar.isFile()) {
            throw new IllegalStateException(jar + " is missing; the pre-integration-test phase copies it there");
        }
        return bundle(jar.toURI().toString()).startLevel(startLevel);
    }
}
