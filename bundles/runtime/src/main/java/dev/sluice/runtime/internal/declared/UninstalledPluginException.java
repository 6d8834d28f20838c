package dev.sluice.runtime.internal.declared;

import dev.sluice.api.ConfigException;
import dev.sluice.api.management.ClosestName;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.api.management.PluginDescription;
import java.util.List;

/**
 * A declared stream names a plugin type that is not installed: a slip of the pen, or a plugin not
 * deployed yet, so the file is tried again when a plugin arrives.
 */
public final class UninstalledPluginException extends ConfigException {

    private static final long serialVersionUID = 1L;

    private UninstalledPluginException(String message) {
        super(message);
    }

    /**
     * Checks that every type {@code declaration} names (source, stages, outputs) is installed; the
     * first that is not is refused with the file, the key, the closest installed type and all of them.
     */
    public static void requireInstalled(StreamDeclaration declaration, String file, Plugins plugins) {
        require(file, StreamDeclaration.SOURCE, PluginRef.source(declaration.source()), plugins);
        for (StreamDeclaration.Stage stage : declaration.stages()) {
            require(file, StreamDeclaration.STAGE + stage.name(), PluginRef.operator(stage.type()), plugins);
        }
        for (StreamDeclaration.Output output : declaration.outputs()) {
            require(file, StreamDeclaration.SINK + output.name(), PluginRef.sink(output.type()), plugins);
        }
    }

    private static void require(String file, String key, PluginRef ref, Plugins plugins) {
        if (plugins.has(ref)) {
            return;
        }
        List<String> types = plugins.describe().stream().filter(d -> d.kind().equals(ref.kind().toString()))
                .map(PluginDescription::type).sorted().toList();
        // a .cfg file has no comments after values: "socket  # the source" is the type as written
        String comment = ref.type().contains("#") ? "; a comment goes on a line of its own" : "";
        throw new UninstalledPluginException(file + ": " + key + " names " + ref + ", which is not installed"
                + comment + ClosestName.didYouMean(ref.type(), types) + " (installed " + ref.kind() + "s: " + plugins.installed(ref.kind())
                + "); correct the type or deploy the plugin, and the stream starts");
    }
}
