package dev.sluice.itests.recovery;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A bundle made from one package of these tests' compiled classes, for a child container's
 * {@code deploy/}: the package's classes, a manifest importing what they use, and an activator
 * registering their services.
 */
final class TestBundle {

    private TestBundle() {
    }

    /**
     * Writes to {@code jar} the bundle {@code symbolicName} holding the package of {@code activator},
     * importing {@code imports} (an {@code Import-Package} value).
     */
    static Path of(Class<?> activator, String symbolicName, String imports, Path jar) throws IOException {
        String packagePath = activator.getPackageName().replace('.', '/');
        Path classes;
        try {
            classes = Path.of(activator.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the test classes' location is not a path", e);
        }
        var manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", activator.getName());
        main.putValue("Import-Package", imports);
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.list(classes.resolve(packagePath))) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                out.putNextEntry(new JarEntry(packagePath + "/" + f.getFileName()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
