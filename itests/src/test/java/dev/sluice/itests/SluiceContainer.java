package dev.sluice.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.spi.StreamingApplication;
import java.io.File;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.core.TinyBundles;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The container as the distribution assembles it: logging, Declarative Services, Gogo's runtime,
 * Netty, and Sluice's API, Hadoop and Kafka client bundles, runtime, shell, examples, socket,
 * files and Kafka sources, operator library, console, file and Kafka sinks. Left out: the
 * interactive Gogo shell (it would read the test JVM's stdin), Config Admin and FileInstall (no
 * etc/ or deploy/ here); logging is set by a system property instead of etc/.
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
                sluice("sluice-operators", 3),
                sluice("sluice-sink-console", 3),
                sluice("sluice-sink-files", 3),
                sluice("sluice-kafka", 3),
                sluice("sluice-source-kafka", 3),
                sluice("sluice-sink-kafka", 3),
                sluice("sluice-examples", 3),
                sluice("sluice-runtime", 4),
                sluice("sluice-shell", 4),
                junitBundles());
    }

    /**
     * The web view on top of {@link #assembled()}: Felix HTTP (Jetty 12) on {@code port} of the
     * loopback address, and Sluice's web bundle with its password in {@code passwordFile}.
     */
    static Option web(int port, File passwordFile) {
        return composite(
                systemProperty("org.osgi.service.http.port").value(Integer.toString(port)),
                systemProperty("org.apache.felix.http.host").value("127.0.0.1"),
                systemProperty("sluice.web.passwordFile").value(passwordFile.getAbsolutePath()),
                mavenBundle("org.apache.felix", "org.apache.felix.http.servlet-api").versionAsInProject().startLevel(3),
                mavenBundle("commons-io", "commons-io").versionAsInProject().startLevel(3),
                mavenBundle("commons-fileupload", "commons-fileupload").versionAsInProject().startLevel(3),
                mavenBundle("org.apache.felix", "org.apache.felix.http.jetty12").versionAsInProject().startLevel(3),
                sluice("sluice-web", 4));
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

    /** Registers {@code app} as the application {@code name} and waits until the runtime lists it. */
    static ServiceRegistration<StreamingApplication> registerApplication(BundleContext context, StreamManager streams,
                                                                         String name, StreamingApplication app) {
        var properties = new Hashtable<String, Object>();
        properties.put(StreamingApplication.NAME, name);
        var registration = context.registerService(StreamingApplication.class, app, properties);
        Await.until(name + " in the stream manager's list", streams::list,
                list -> list.stream().anyMatch(s -> s.application().equals(name)));
        return registration;
    }

    /** The installed bundle with this symbolic name. */
    static Bundle installed(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
    }

    /**
     * A plugin as a bundle of its own, built outside the container: {@code classes}, started by
     * {@code activator}, importing only the API and the framework, as a third party's would.
     */
    static InputStream pluginBundle(String symbolicName, Class<? extends BundleActivator> activator,
                                    Class<?>... classes) {
        return pluginBundle(symbolicName, "0.0.0", activator, classes);
    }

    /** The same, as version {@code version} of the bundle: what an upgrade installs. */
    static InputStream pluginBundle(String symbolicName, String version, Class<? extends BundleActivator> activator,
                                    Class<?>... classes) {
        var bundle = TinyBundles.bundle().add(activator);
        for (Class<?> c : classes) {
            bundle.add(c);
        }
        return bundle.set(Constants.BUNDLE_SYMBOLICNAME, symbolicName)
                .set(Constants.BUNDLE_VERSION, version)
                .set(Constants.BUNDLE_ACTIVATOR, activator.getName())
                .set(Constants.IMPORT_PACKAGE, "dev.sluice.api,dev.sluice.api.spi,org.osgi.framework")
                .build(TinyBundles.withClassicBuilder());
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
