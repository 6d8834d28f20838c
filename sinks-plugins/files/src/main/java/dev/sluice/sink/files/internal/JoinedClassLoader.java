package dev.sluice.sink.files.internal;

import java.util.List;

/**
 * Loads a class by name through Hadoop's loader first, then through the loaders of the classes an
 * output names (its key, value and OutputFormat classes). In OSGi these live in an application's
 * bundle that Hadoop's bundle cannot see, yet Hadoop loads the job's key and value classes by
 * name, e.g. for a SequenceFile's header.
 */
final class JoinedClassLoader extends ClassLoader {

    private final List<ClassLoader> loaders;

    private JoinedClassLoader(List<ClassLoader> loaders) {
        super(null);
        this.loaders = loaders;
    }

    /** Hadoop's loader, joined with those of {@code classes} that differ from it. */
    static ClassLoader of(ClassLoader hadoop, List<Class<?>> classes) {
        var all = new java.util.ArrayList<ClassLoader>();
        all.add(hadoop);
        for (Class<?> c : classes) {
            ClassLoader l = c.getClassLoader();
            if (l != null && !all.contains(l)) {
                all.add(l);
            }
        }
        return all.size() == 1 ? hadoop : new JoinedClassLoader(List.copyOf(all));
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader loader : loaders) {
            try {
                return loader.loadClass(name);
            } catch (ClassNotFoundException e) {
                // the next loader may have it
            }
        }
        throw new ClassNotFoundException(name + " (looked in Hadoop and in the loaders of the output's classes)");
    }

    @Override
    protected java.net.URL findResource(String name) {
        for (ClassLoader loader : loaders) {
            var url = loader.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }
}
