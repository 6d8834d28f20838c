package dev.sluice.hadoop;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Calls into Hadoop with this bundle's class loader as the thread's context class loader. Hadoop
 * finds its file systems, codecs and login modules through that loader and caches what it found in
 * statics, so a single call from a thread with another loader can break every later one: every
 * Sluice call into Hadoop goes through here, from the runtime and from plugins alike.
 */
public final class HadoopCalls {

    /** The loader Hadoop's classes come from. */
    public static final ClassLoader LOADER = Configuration.class.getClassLoader();

    /** A call into Hadoop that may throw what Hadoop throws. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T call() throws E;
    }

    /** The same, with no result. */
    @FunctionalInterface
    public interface Action<E extends Exception> {
        void run() throws E;
    }

    private HadoopCalls() {
    }

    public static <T, E extends Exception> T call(Call<T, E> call) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LOADER);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public static <E extends Exception> void run(Action<E> action) throws E {
        HadoopCalls.<Void, E>call(() -> {
            action.run();
            return null;
        });
    }

    /**
     * A configuration with {@code properties} set that loads the classes named in it through
     * {@code loader}: Hadoop's own, or Hadoop's joined with an application's for its Writables.
     */
    public static Configuration configuration(Map<String, String> properties, ClassLoader loader) {
        return call(() -> {
            var conf = new Configuration();
            conf.setClassLoader(loader);
            properties.forEach(conf::set);
            return conf;
        });
    }
}
