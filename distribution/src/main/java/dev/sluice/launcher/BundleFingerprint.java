package dev.sluice.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * What the framework's storage was made from: the name, size and modification time of every jar of
 * {@code bundle/} and of the framework's own jar. Cheap (no jar is read), and any jar added, removed
 * or replaced, even by one of the same name, changes it.
 */
record BundleFingerprint(String text) {

    static BundleFingerprint of(Path bundles, Path framework) throws IOException {
        var text = new StringBuilder();
        List<Path> jars = BundleInstaller.jars(bundles);
        for (Path jar : jars) {
            line(text, "bundle", jar);
        }
        line(text, "framework", framework);
        return new BundleFingerprint(text.toString());
    }

    private static void line(StringBuilder text, String kind, Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        text.append(kind).append(' ').append(file.getFileName()).append(' ').append(attributes.size()).append(' ')
                .append(attributes.lastModifiedTime().toMillis()).append('\n');
    }
}
