/**
 * The DStream API: a {@link dev.sluice.api.StreamingContext} builds a graph of
 * {@link dev.sluice.api.DStream}s that the runtime runs as one job set per batch.
 */
@Export
@Version("1.0.0")
package dev.sluice.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
