package dev.sluice.runtime.internal.osgi;

import dev.sluice.api.ConfigException;
import dev.sluice.runtime.internal.declared.DeclaredStream;
import dev.sluice.runtime.internal.declared.StreamDeclaration;
import java.util.Map;
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
 * {@code etc/dev.sluice.stream-word-count.cfg} that FileInstall hands to Config Admin. Activated,
 * the stream is declared to the stream manager and started; a changed file declares it again; a
 * removed one stops it. A bad file is refused in one line naming the file and the key; nothing
 * else in the container is touched.
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

    private String name;
    private DeclaredStream declared;

    @Activate
    void activate(Map<String, Object> properties) {
        declare(properties);
    }

    /** An edited file: a stream of the same name goes on with its new declaration at the next batch boundary. */
    @Modified
    void modified(Map<String, Object> properties) {
        String file = String.valueOf(properties.getOrDefault(FILE, properties.get("service.pid")));
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
    void deactivate() {
        withdraw();
    }

    private void declare(Map<String, Object> properties) {
        String file = String.valueOf(properties.getOrDefault(FILE, properties.get("service.pid")));
        try {
            var declaration = StreamDeclaration.parse(file, nameOf(file), properties);
            var stream = new DeclaredStream(declaration, file);
            var status = streams.declare(declaration.name(), stream, declaration.contextArgs());
            declared = stream;
            name = declaration.name();
            LOG.info("Declared stream {} from {}: {}", name, file, status.state());
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
        }
    }

    private void withdraw() {
        if (declared != null) {
            streams.undeclare(name, declared);
            LOG.info("Declared stream {} is withdrawn", name);
            declared = null;
        }
    }

    /** {@code word-count} for {@code .../etc/dev.sluice.stream-word-count.cfg}; else the text as it is. */
    static String nameOf(String file) {
        String base = file.substring(file.lastIndexOf('/') + 1);
        if (base.startsWith(PID + "-")) {
            base = base.substring(PID.length() + 1);
        }
        return base.endsWith(".cfg") ? base.substring(0, base.length() - 4) : base;
    }
}
