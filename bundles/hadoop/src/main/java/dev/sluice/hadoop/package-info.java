/** The one way Sluice calls into Hadoop: with Hadoop's class loader as the thread's context class loader. */
@Export
@Version("1.1.0")
package dev.sluice.hadoop;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
