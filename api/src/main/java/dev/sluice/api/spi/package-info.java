/**
 * Plugin contracts: sources ({@link dev.sluice.api.spi.SourceProvider} making
 * {@link dev.sluice.api.spi.Receiver}s or {@link dev.sluice.api.spi.BatchSource}s), sinks ({@link dev.sluice.api.spi.SinkProvider}) and
 * applications ({@link dev.sluice.api.spi.StreamingApplication}). In OSGi each is a service that
 * the runtime finds by its type property; outside OSGi, by {@link java.util.ServiceLoader}.
 */
@Export
@Version("1.9.0")
package dev.sluice.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
