/** Batch and receiver events, for monitoring a running stream. */
@Export
@Version("1.1.0")
package dev.sluice.api.listener;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
