package dev.sluice.runtime.internal.graph;

import java.time.Duration;
import dev.sluice.runtime.internal.storage.BlockLogs;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.input.RateSettings;
import dev.sluice.runtime.internal.time.Clock;

/** What a started graph's inputs and outputs run with. */
public record StreamEnvironment(Plugins plugins, BlockStore blocks, Clock clock,
                                Duration blockInterval, Duration maxReceiverBackoff, ReceiverEvents receiverEvents,
                                RateSettings rates, RecordCodec codec, BlockLogs logs) {
}
