package dev.sluice.shell.internal;

import java.util.List;
import dev.sluice.api.management.PluginDescription;

/** What {@code stream:plugins} returns: the installed source and sink plugins. */
record PluginList(List<PluginDescription> plugins) {

    PluginList {
        plugins = List.copyOf(plugins);
    }
}
