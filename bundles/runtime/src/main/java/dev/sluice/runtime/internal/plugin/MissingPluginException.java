package dev.sluice.runtime.internal.plugin;

import dev.sluice.api.SluiceException;

/** A stream needs a plugin that is not installed. */
public final class MissingPluginException extends SluiceException {

    private static final long serialVersionUID = 1L;

    private final transient PluginRef missing;

    public MissingPluginException(PluginRef missing, Plugins plugins) {
        super("no " + missing + " is installed; installed " + missing.kind() + "s: "
                + plugins.installed(missing.kind()) + ". Install the plugin bundle (drop it into deploy/)"
                + " or add its jar to the class path");
        this.missing = missing;
    }

    /** The plugin that is not there. */
    public PluginRef missing() {
        return missing;
    }
}
