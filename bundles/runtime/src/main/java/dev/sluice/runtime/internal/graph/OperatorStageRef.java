package dev.sluice.runtime.internal.graph;

import dev.sluice.runtime.internal.plugin.PluginRef;

/** The named stage of an operator plugin that added a stream, and that plugin. */
public record OperatorStageRef(String name, PluginRef plugin) {
}
