package dev.sluice.api.management;

import java.util.OptionalLong;

/**
 * One input stream of a running stream for monitoring: its id and name in the graph, the records
 * per second it brought in over the latest completed batches, and, for a source that tells (Kafka),
 * its lag: the records waiting upstream that no batch has taken yet.
 */
public record InputMetrics(int streamId, String name, double recordsPerSecond, OptionalLong lag) {
}
