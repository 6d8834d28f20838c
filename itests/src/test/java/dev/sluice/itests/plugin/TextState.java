package dev.sluice.itests.plugin;

/** Another state type for the same stage, which the count's state cannot be read as. */
public record TextState(String text) {
}
