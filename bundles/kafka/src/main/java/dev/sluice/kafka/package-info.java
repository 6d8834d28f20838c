/** The one way Sluice makes Kafka clients (with Kafka's class loader as the thread's context class loader), and what a shared stream's Kafka input hands its output. */
@Export
@Version("1.4.0")
package dev.sluice.kafka;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
