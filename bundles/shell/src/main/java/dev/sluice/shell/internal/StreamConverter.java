package dev.sluice.shell.internal;

import dev.sluice.api.management.CheckpointStatus;
import dev.sluice.api.management.StreamStatus;
import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Component;

/** Gogo's view of what the {@code stream:} commands return: text made by the {@link TextFormatter}. */
@Component(service = Converter.class, property = Converter.CONVERTER_CLASSES + "="
        + "dev.sluice.shell.internal.StreamList,dev.sluice.shell.internal.PluginList,"
        + "dev.sluice.shell.internal.StatusReport,dev.sluice.api.management.StreamStatus,"
        + "dev.sluice.api.management.CheckpointStatus,dev.sluice.shell.internal.BatchReport,"
        + "dev.sluice.shell.internal.ApplicationHelp")
public class StreamConverter implements Converter {

    private final TextFormatter text = new TextFormatter();

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null;
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        if (target instanceof StreamList l) {
            return level == INSPECT ? text.streams(l.streams()) : l.streams().size() + " applications";
        }
        if (target instanceof PluginList p) {
            return level == INSPECT ? text.plugins(p.plugins()) : p.plugins().size() + " plugins";
        }
        if (target instanceof StatusReport r) {
            return level == INSPECT ? text.status(r.status(), r.batches(), r.batchInterval()) : text.line(r.status());
        }
        if (target instanceof CheckpointStatus c) {
            return level == INSPECT ? text.checkpoint(c) : c.application() + " " + c.batchTime().map(String::valueOf)
                    .orElse("no checkpoint");
        }
        if (target instanceof StreamStatus s) {
            return level == INSPECT ? text.status(s, 1, java.util.Optional.empty()) : text.line(s);
        }
        if (target instanceof BatchReport b) {
            return level == INSPECT ? text.batches(b) : b.application() + " " + b.batches().size() + " batches";
        }
        if (target instanceof ApplicationHelp h) {
            return level == INSPECT ? text.info(h) : h.application();
        }
        return null;
    }
}
