package dev.sluice.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.IntConsumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * One run of the Felix container from a Sluice home: framework properties from
 * {@code etc/config.properties} plus the launch command's, every bundle of {@code bundle/},
 * the exit service, a shutdown hook for Ctrl-C and SIGTERM, and the exit status at the end.
 */
final class Container {

    static final String HOME = "sluice.home";
    static final String CONFIG = "etc/config.properties";
    static final String BUNDLES = "bundle";
    /** The runtime's property for the folder of remembered streams (StreamManagerComponent.REMEMBERED). */
    static final String REMEMBERED = "sluice.streams.remembered";
    static final String REMEMBERED_DIR = "data/streams";

    private static final long SHUTDOWN_MILLIS = 30_000;
    /** The runtime's service that stops every stream gracefully. */
    private static final String GRACEFUL_SHUTDOWN = "sluice.shutdown=graceful";

    private final Path home;
    private final LaunchCommand command;
    private final PrintStream err;
    private volatile boolean signalled;

    Container(Path home, LaunchCommand command, PrintStream err) {
        this.home = home;
        this.command = command;
        this.err = err;
    }

    /** Runs the container until its framework stops; returns the exit status. */
    int run() throws IOException, BundleException, InterruptedException {
        var trace = StartTrace.of(err);
        Map<String, String> config = configuration();
        try (CacheDirectory cache = CacheDirectory.claim(Path.of(config.get(Constants.FRAMEWORK_STORAGE)))) {
            var properties = new HashMap<>(config);
            properties.put(Constants.FRAMEWORK_STORAGE, cache.path().toString());
            rememberStreams(properties, cache.isShared());
            if (!cache.isShared()) {
                BesideAnother.takeOwnPorts(properties, command, err);
            }
            var storage = ReusedCache.decide(cache, BundleFingerprint.of(home.resolve(BUNDLES), frameworkJar()));
            storage.prepare(properties);
            trace.mark(storage.reused() ? "configuration read; the bundle cache is kept" : "configuration read; a fresh bundle cache");

            Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path of the launcher"))
                    .newFramework(properties);
            trace.mark("framework made");
            framework.init();
            trace.mark("framework initialised");
            trace.follow(framework.getBundleContext());
            framework.getBundleContext().addFrameworkListener(this::reportError);
            if (storage.reused()) {
                StaleBundles.uninstall(framework.getBundleContext(), err);
            }
            var exit = new ExitService(() -> stop(framework));
            framework.getBundleContext().registerService(IntConsumer.class, exit,
                    new Hashtable<>(Map.of(ExitService.PROPERTY, ExitService.VALUE)));
            new BundleInstaller(framework.getBundleContext(), new StartLevels(config), err)
                    .installAll(home.resolve(BUNDLES));
            storage.installed();
            trace.mark("bundles installed");

            Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(framework, cache), "sluice-shutdown"));
            framework.start();
            framework.waitForStop(0);
            return exit.status(0);
        }
    }

    /** The jar the framework's classes come from: part of what a reused cache must match. */
    private static Path frameworkJar() {
        try {
            return Path.of(Framework.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell where the OSGi framework was loaded from: " + e.getMessage(), e);
        }
    }

    /**
     * Tells the runtime where to remember the applications started with {@code stream:start}: in the
     * shell and the background container, when this container owns the home's data/ (a second one
     * beside it, with a private cache, would start the same streams twice).
     */
    void rememberStreams(Map<String, String> properties, boolean ownsData) {
        if (command.remembersStreams() && ownsData) {
            properties.put(REMEMBERED, home.resolve(REMEMBERED_DIR).toString());
        }
    }

    /**
     * The properties of {@code etc/config.properties}, where a system property of the same name
     * (e.g. {@code JAVA_OPTS=-Dfelix.fileinstall.poll=500}) wins, plus the launch command's.
     * The ones logging reads are also made system properties: pax-logging resolves its
     * configuration file's {@code ${...}} from system properties only.
     */
    Map<String, String> configuration() throws IOException {
        System.setProperty(HOME, home.toString());
        command.frameworkProperties().forEach(System::setProperty);
        Map<String, String> config = new HashMap<>(ConfigFile.load(home.resolve(CONFIG), System::getProperty));
        config.replaceAll((key, value) -> System.getProperty(key, value));
        config.put(HOME, home.toString());
        config.putAll(command.frameworkProperties());
        // --log-level, else -Dsluice.log.console, else etc/config.properties, else the mode's own
        String console = System.getProperty(LaunchCommand.LOG_CONSOLE,
                config.getOrDefault(LaunchCommand.LOG_CONSOLE, command.logToConsole()));
        System.setProperty(LaunchCommand.LOG_CONSOLE, console);
        config.put(LaunchCommand.LOG_CONSOLE, console);
        return config;
    }

    private void reportError(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR) {
            Bundle b = event.getBundle();
            Throwable t = event.getThrowable();
            err.println("sluice: " + (b == null ? "framework" : b.getSymbolicName()) + ": "
                    + (t == null ? "error" : t.getMessage()));
        }
    }

    /** Runs the runtime's graceful shutdown service, if the runtime is up; a plain {@link Runnable}, so no shared types. */
    private void stopStreamsGracefully(Framework framework) {
        try {
            BundleContext context = framework.getBundleContext();
            if (context == null) {
                return;
            }
            for (ServiceReference<Runnable> ref : context.getServiceReferences(Runnable.class,
                    "(" + GRACEFUL_SHUTDOWN + ")")) {
                Runnable stopStreams = context.getService(ref);
                if (stopStreams != null) {
                    try {
                        stopStreams.run();
                    } finally {
                        context.ungetService(ref);
                    }
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            err.println("sluice: streams could not stop gracefully: " + e.getMessage());
        } catch (RuntimeException e) {
            err.println("sluice: a stream failed to stop gracefully: " + e);
        }
    }

    private void stop(Framework framework) {
        if (framework.getBundleContext() != null) {
            UnlinkedClasses.link(framework.getBundleContext(), err);
        }
        try {
            framework.stop();
        } catch (BundleException e) {
            err.println("sluice: could not stop the framework: " + e.getMessage());
        }
    }

    /**
     * On Ctrl-C or SIGTERM: streams stop gracefully (finish what they received, write a final
     * checkpoint), then every bundle stops, and the container waits for it.
     */
    /** Whether Ctrl-C or SIGTERM stopped the container (its shutdown hook ran), rather than the container itself. */
    boolean stoppedBySignal() {
        return signalled;
    }

    private void shutDown(Framework framework, CacheDirectory cache) {
        signalled = true;
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
            stopStreamsGracefully(framework);
            stop(framework);
            try {
                if (framework.waitForStop(SHUTDOWN_MILLIS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    err.println("sluice: the container did not stop within " + SHUTDOWN_MILLIS / 1000 + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            cache.close();
        } catch (IOException e) {
            err.println("sluice: " + e.getMessage());
        }
    }
}
