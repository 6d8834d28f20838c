package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import javax.inject.Inject;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;

/** The embedded Hadoop client resolves in the container, exports its API and reaches the local file system. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HadoopBundleIT {

    private static final String HADOOP_BUNDLE = "dev.sluice.hadoop";
    private static final Version HADOOP_VERSION = new Version(3, 4, 1);

    @Inject
    private BundleContext context;

    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() {
        return options(SluiceContainer.assembled());
    }

    @Test
    public void shouldExportThePackagesPluginsUseAtHadoopsVersion() {
        Bundle hadoop = SluiceContainer.installed(context, HADOOP_BUNDLE);
        assertEquals("state of " + HADOOP_BUNDLE, Bundle.ACTIVE, hadoop.getState());

        var exported = new HashMap<String, Version>();
        hadoop.adapt(BundleWiring.class).getCapabilities(PackageNamespace.PACKAGE_NAMESPACE).forEach(c -> exported.put(
                (String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                (Version) c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)));
        for (String p : List.of("conf", "fs", "fs.permission", "io", "io.compress", "mapred", "mapreduce",
                "mapreduce.lib.input", "mapreduce.lib.output", "util")) {
            assertEquals("exported version of org.apache.hadoop." + p, HADOOP_VERSION,
                    exported.get("org.apache.hadoop." + p));
        }
    }

    @Test
    public void shouldListAndReadALocalDirectoryThroughHadoopsFileSystem() throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("sluice-hadoop-it");
        Files.writeString(dir.resolve("a.txt"), "hello from hadoop\n");
        assertEquals(HADOOP_BUNDLE, FrameworkUtil.getBundle(Configuration.class).getSymbolicName());

        // Hadoop finds its FileSystem implementations through the context class loader
        ClassLoader hadoopLoader = Configuration.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(hadoopLoader);
        try {
            Configuration conf = new Configuration();
            conf.setClassLoader(hadoopLoader);
            Path path = new Path(dir.toUri());
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] listed = fs.listStatus(path);
            assertEquals(1, listed.length);
            assertEquals("a.txt", listed[0].getPath().getName());
            try (var in = new BufferedReader(new InputStreamReader(fs.open(listed[0].getPath()),
                    StandardCharsets.UTF_8))) {
                assertEquals("hello from hadoop", in.readLine());
            }
            assertTrue(fs.delete(path, true));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
