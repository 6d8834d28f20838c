package dev.sluice.runtime.internal.osgi;

import dev.sluice.api.ConfigException;
import dev.sluice.runtime.internal.declared.DeclaredStream;
import dev.sluice.runtime.internal.declared.StreamDeclaration;
import dev.sluice.runtime.internal.declared.UninstalledPluginException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One declared stream: a factory configuration of {@value #PID}, e.g. the file
 * {@code etc/dev.sluice.stream-word-count.cfg} that FileInstall hands to Config Admin, or the file
 * {@code bin/sluice run FILE} runs. Activated, the stream is declared to the stream manager and
 * started; a changed file declares it again; a removed one stops it. A bad file is refused in one
 * line naming the file and the key, and listed as a FAILED entry named after the file until it is
 * fixed or deleted; one naming a plugin that is not installed is tried again whenever a plugin
 * arrives. Nothing else in the container is touched.
 */
@Component(service = {}, configurationPid = DeclaredStreamComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class DeclaredStreamComponent {

    /** The factory PID of declared streams. */
    public static final String PID = "dev.sluice.stream";

    private static final Logger LOG = LoggerFactory.getLogger(DeclaredStreamComponent.class);
    /** The property FileInstall gives a configuration it read from a file: the file's URL. */
    private static final String FILE = "felix.fileinstall.filename";

    @Reference
    private StreamManagerComponent streams;

    private final Runnable retry = this::retry;
    private Map<String, Object> properties;
    private String name;
    private DeclaredStream declared;
    private String refusedEntry;
    private String refusal;

    @Activate
    synchronized void activate(Map<String, Object> properties) {
        declare(properties);
    }

    /** An edited file: a stream of the same name goes on with its new declaration at the next batch boundary. */
    @Modified
    synchronized void modified(Map<String, Object> properties) {
        String file = fileOf(properties);
        try {
            if (!StreamDeclaration.parse(file, nameOf(file), properties).name().equals(name)) {
                withdraw();
            }
        } catch (ConfigException e) {
            withdraw();
        }
        declare(properties);
    }

    @Deactivate
    synchronized void deactivate() {
        withdraw();
    }

    private void declare(Map<String, Object> properties) {
        this.properties = properties;
        String file = fileOf(properties);
        try {
            var declaration = StreamDeclaration.parse(file, nameOf(file), properties);
            UninstalledPluginException.requireInstalled(declaration, file, streams.installedPlugins());
            var stream = new DeclaredStream(declaration, file);
            var status = streams.declare(declaration.name(), stream, declaration.contextArgs());
            declared = stream;
            name = declaration.name();
            clearRefusal();
            LOG.info("Declared stream {} from {}: {}", name, file, status.state());
        } catch (UninstalledPluginException e) {
            refuse(file, e.getMessage());
            streams.whenPluginAdded(retry);
        } catch (RuntimeException e) {
            LOG.debug("Declaring {} failed", file, e);
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            refuse(file, error.startsWith(file) ? error : file + ": " + error);
        }
    }

    /** A plugin arrived: a file refused for want of one is declared again. */
    private synchronized void retry() {
        if (refusal != null && properties != null) {
            declare(properties);
        }
    }

    private void refuse(String file, String error) {
        boolean logged = error.equals(refusal); // not again at every plugin that arrives
        if (!logged && properties.containsKey(StreamDeclaration.RUN_FILE)) {
            LOG.info("{}", error); // bin/sluice run prints it as its own error and exits: once on the console
        } else if (!logged) {
            LOG.error("{}", error);
        }
        refusal = error;
        refusedEntry = entryOf(file);
        streams.refuse(refusedEntry, refusal);
    }

    private void clearRefusal() {
        streams.notWhenPluginAdded(retry);
        if (refusedEntry != null) {
            streams.clearRefusal(refusedEntry);
        }
        refusedEntry = null;
        refusal = null;
    }

    private void withdraw() {
        clearRefusal();
        if (declared != null) {
            streams.undeclare(name, declared);
            LOG.info("Declared stream {} is withdrawn", name);
            declared = null;
        }
    }

    /**
     * The file a configuration came from, as a path: FileInstall's URL, or what {@code bin/sluice
     * run} was given; a configuration made otherwise is named by its PID.
     */
    static String fileOf(Map<String, Object> properties) {
        Object url = properties.get(FILE);
        if (url != null && String.valueOf(url).startsWith("file:")) {
            return Path.of(URI.create(String.valueOf(url))).toString();
        }
        return String.valueOf(Objects.requireNonNullElse(url, properties.getOrDefault(StreamDeclaration.RUN_FILE,
                properties.get("service.pid"))));
    }

    /** What a refused file is listed as: its own name, {@code dev.sluice.stream-word-count.cfg}. */
    static String entryOf(String file) {
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /** {@code word-count} for {@code .../etc/dev.sluice.stream-word-count.cfg}; else the text as it is. */
    static String nameOf(String file) {
        String base = entryOf(file);
        if (base.startsWith(PID + "-")) {
            base = base.substring(PID.length() + 1);
        }
        return base.endsWith(".cfg") ? base.substring(0, base.length() - 4) : base;
    }
}
