package dev.sluice.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Installs every jar of {@code bundle/} at its start level and marks it to start; the framework
 * starts them level by level. A jar that cannot be installed is reported and skipped.
 */
final class BundleInstaller {

    private final BundleContext context;
    private final StartLevels levels;
    private final PrintStream err;

    BundleInstaller(BundleContext context, StartLevels levels, PrintStream err) {
        this.context = context;
        this.levels = levels;
        this.err = err;
    }

    List<Bundle> installAll(Path directory) throws IOException {
        var installed = new ArrayList<Bundle>();
        for (Path jar : jars(directory)) {
            try {
                Bundle bundle = context.installBundle(jar.toUri().toString());
                bundle.adapt(BundleStartLevel.class).setStartLevel(levels.of(bundle.getSymbolicName()));
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    bundle.start();
                }
                installed.add(bundle);
            } catch (BundleException | RuntimeException e) {
                err.println("sluice: cannot install " + jar.getFileName() + ": " + e.getMessage());
            }
        }
        return installed;
    }

    static List<Path> jars(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("no bundle directory " + directory);
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}
