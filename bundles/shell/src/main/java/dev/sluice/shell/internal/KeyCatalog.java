package dev.sluice.shell.internal;

import java.util.List;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.spi.StreamingApplication;

/**
 * Where the shell learns the keys a stream takes: an application's own (its {@code parameters()})
 * and the ones every application takes, which the runtime declares. The one place to change when
 * the runtime describes its settings more fully.
 */
final class KeyCatalog {

    private final StreamManager streams;

    KeyCatalog(StreamManager streams) {
        this.streams = streams;
    }

    List<KeyHelp> applicationKeys(StreamingApplication application) {
        return application.parameters().stream().map(KeyHelp::of).toList();
    }

    List<KeyHelp> contextKeys() {
        return streams.contextKeys().stream().map(KeyHelp::of).toList();
    }
}
