package dev.sluice.shell.internal;

import java.time.Duration;
import java.util.List;

/** What {@code stream:info <app>} returns: the application, its own keys and the keys every application takes. */
record ApplicationHelp(String application, String description, Duration defaultBatch,
                       List<KeyHelp> keys, List<KeyHelp> contextKeys) {

    ApplicationHelp {
        keys = List.copyOf(keys);
        contextKeys = List.copyOf(contextKeys);
    }

    /** A start command with every own key at its default and the batch interval spelled out. */
    String example() {
        var line = new StringBuilder(StreamCommands.SCOPE + ":start " + application);
        keys.stream().filter(k -> k.defaultValue() != null && !k.defaultValue().isBlank())
                .forEach(k -> line.append(' ').append(k.key()).append('=').append(k.defaultValue()));
        return line.append(" batch=").append(BatchInterval.text(defaultBatch)).toString();
    }
}
