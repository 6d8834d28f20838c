/** Managing the streams of a container: what the {@code stream:} shell commands use. */
@Export
@Version("1.3.0")
package dev.sluice.api.management;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
