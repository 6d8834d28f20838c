package dev.sluice.sink.files.internal;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Every call of the file sinks into Hadoop goes through here, with the Hadoop bundle's class
 * loader as the thread's context class loader: Hadoop finds its file systems that way and caches
 * what it found in statics, so a single call from a thread with another loader can break all later
 * ones. Worker threads run part writes, so they go through here as well.
 */
final class HadoopCalls {

    static final ClassLoader HADOOP_LOADER = Configuration.class.getClassLoader();

    /** Some work with Hadoop that may fail with an I/O error. */
    @FunctionalInterface
    interface IoWork<T> {
        T run() throws IOException;
    }

    /** The same, with no result. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    private HadoopCalls() {
    }

    static void exec(IoAction action) throws IOException {
        run(() -> {
            action.run();
            return null;
        });
    }

    static <T> T run(IoWork<T> work) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(HADOOP_LOADER);
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /**
     * A configuration with {@code properties} set that loads classes named in it through
     * {@code loader}, e.g. Hadoop's loader joined with an application's for its Writable classes.
     */
    static Configuration configuration(Map<String, String> properties, ClassLoader loader) {
        try {
            return run(() -> {
                var conf = new Configuration();
                conf.setClassLoader(loader);
                properties.forEach(conf::set);
                return conf;
            });
        } catch (IOException e) {
            throw new IllegalStateException("unreachable: making a configuration does no I/O", e);
        }
    }
}
