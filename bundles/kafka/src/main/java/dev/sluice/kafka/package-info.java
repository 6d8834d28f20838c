/** The one way Sluice makes Kafka clients: with Kafka's class loader as the thread's context class loader. */
@Export
@Version("1.0.0")
package dev.sluice.kafka;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
