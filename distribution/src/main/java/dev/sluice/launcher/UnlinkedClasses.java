package dev.sluice.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * In the run that writes the class data archive: the bundle classes it loaded, linked before the
 * framework stops. Java 17 leaves a class loaded but never linked out of the archive (log4j2's
 * plugins, which its registry loads only to read their annotations, and some 440 more), so every
 * later start would read and parse them from their jars again. Linking is what the JVM does before a
 * class's first use (verification, no static initializer runs); it needs the bundle's class loader,
 * which is gone once the framework has stopped. {@code bin/sluice} names the list of loaded classes
 * ({@code -Xlog:class+load}) in {@link #PROPERTY}; without it this does nothing.
 */
final class UnlinkedClasses {

    static final String PROPERTY = "sluice.cds.loaded";

    private static final String SOURCE = " source: ";

    private UnlinkedClasses() {
    }

    /** Links every class of the list that a bundle of {@code context} loaded; returns how many it linked. */
    static int link(BundleContext context, PrintStream err) {
        String list = System.getProperty(PROPERTY);
        // once only: the list is deleted when used
        if (list == null || list.isBlank() || !Files.isRegularFile(Path.of(list))) {
            return 0;
        }
        Map<Path, Bundle> byFile = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            Path file = StaleBundles.file(bundle.getLocation());
            if (file != null) {
                byFile.put(file, bundle);
            }
        }
        int linked = 0;
        try (Stream<String> lines = Files.lines(Path.of(list))) {
            for (String line : (Iterable<String>) lines::iterator) {
                LoadedClass loaded = LoadedClass.parse(line);
                Bundle bundle = loaded == null ? null : byFile.get(loaded.file());
                if (bundle != null && link(bundle, loaded.name())) {
                    linked++;
                }
            }
        } catch (IOException | RuntimeException e) {
            err.println("sluice: the class data archive may miss some classes: " + e.getMessage());
        } finally {
            deleteQuietly(Path.of(list));
        }
        return linked;
    }

    /** Asking for a class's fields links it without initializing it; one that cannot be linked stays out. */
    private static boolean link(Bundle bundle, String name) {
        try {
            bundle.loadClass(name).getDeclaredFields();
            return true;
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a list left behind is rewritten by the next run that writes an archive
        }
    }

    /** One line of {@code -Xlog:class+load} (no decorations): a class and the jar it came from. */
    record LoadedClass(String name, Path file) {

        /** The class and its jar, or null for a line of another kind (a JDK class, a lambda, a proxy). */
        static LoadedClass parse(String line) {
            int source = line.indexOf(SOURCE);
            if (source <= 0) {
                return null;
            }
            String location = line.substring(source + SOURCE.length()).strip();
            Path file = location.endsWith(".jar") ? StaleBundles.file(location) : null;
            String name = line.substring(line.lastIndexOf(' ', source - 1) + 1, source);
            return file == null || name.isEmpty() ? null : new LoadedClass(name, file);
        }
    }
}
