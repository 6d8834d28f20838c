/**
 * Kafka in and out: {@link dev.sluice.api.kafka.Kafka} makes a direct stream of a topic's records
 * ({@link dev.sluice.api.kafka.KafkaRecord}) and writes a stream to a topic, through the
 * {@code kafka} source and sink plugins. No Kafka client types appear here.
 */
@Export
@Version("1.0.0")
package dev.sluice.api.kafka;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
