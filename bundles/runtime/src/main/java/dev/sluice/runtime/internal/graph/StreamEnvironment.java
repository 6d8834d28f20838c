package dev.sluice.runtime.internal.graph;

import dev.sluice.api.Config;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.storage.BlockLogs;
import dev.sluice.runtime.internal.time.Clock;

/**
 * What a started graph's inputs run with; {@code settings} holds the context's keys, which the
 * inputs read through the settings registry.
 */
public record StreamEnvironment(Plugins plugins, BlockStore blocks, Clock clock, Config settings,
                                ReceiverEvents receiverEvents, RecordCodec codec, BlockLogs logs) {
}
