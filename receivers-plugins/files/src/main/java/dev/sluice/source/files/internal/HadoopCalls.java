package dev.sluice.source.files.internal;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Runs calls into Hadoop with the Hadoop bundle's class loader as the thread's context class
 * loader. Hadoop finds its file systems, codecs and login modules through that loader and caches
 * what it found in statics, so one call from a thread with another loader can break every later
 * one: every Hadoop call of this plugin goes through here.
 */
final class HadoopCalls {

    /** The loader of the bundle (or class path) Hadoop's classes come from. */
    static final ClassLoader HADOOP_LOADER = Configuration.class.getClassLoader();

    /** A call into Hadoop that may throw what Hadoop throws. */
    @FunctionalInterface
    interface HadoopCall<T, E extends Exception> {
        T call() throws E;
    }

    private HadoopCalls() {
    }

    static <T, E extends Exception> T call(HadoopCall<T, E> call) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(HADOOP_LOADER);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A configuration that loads Hadoop's resources and classes through Hadoop's own loader, with {@code properties} set. */
    static Configuration newConfiguration(Map<String, String> properties) {
        return call(() -> {
            var conf = new Configuration();
            conf.setClassLoader(HADOOP_LOADER);
            properties.forEach(conf::set);
            return conf;
        });
    }
}
