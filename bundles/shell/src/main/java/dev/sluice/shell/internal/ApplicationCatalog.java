package dev.sluice.shell.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import dev.sluice.api.spi.StreamingApplication;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The applications installed, by name, as the runtime sees them (the same whiteboard): the shell
 * reads their descriptions, keys and default batch interval for help and completion.
 */
@Component(service = ApplicationCatalog.class)
public class ApplicationCatalog {

    private final Map<String, StreamingApplication> applications = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addApplication(StreamingApplication application, Map<String, Object> properties) {
        name(properties).ifPresent(n -> applications.put(n, application));
    }

    void removeApplication(StreamingApplication application, Map<String, Object> properties) {
        name(properties).ifPresent(n -> applications.remove(n, application));
    }

    Optional<StreamingApplication> find(String name) {
        return Optional.ofNullable(applications.get(name));
    }

    Set<String> names() {
        return new TreeSet<>(applications.keySet());
    }

    private static Optional<String> name(Map<String, Object> properties) {
        Object name = properties.get(StreamingApplication.NAME);
        return name == null ? Optional.empty() : Optional.of(String.valueOf(name));
    }
}
