package dev.sluice.launcher;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * On a kept bundle cache, the bundles whose jar was deleted or changed while the container was down
 * (in {@code deploy/}, or installed by hand from a file): they are uninstalled before anything
 * starts, as FileInstall does for a jar deleted while the container runs; a changed one is then
 * installed again from its file by FileInstall. A fresh cache has none.
 */
final class StaleBundles {

    private StaleBundles() {
    }

    static void uninstall(BundleContext context, PrintStream err) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() != 0 && stale(bundle)) {
                try {
                    bundle.uninstall();
                } catch (BundleException | RuntimeException e) {
                    err.println("sluice: cannot uninstall " + bundle.getLocation() + ", whose file is gone or changed: "
                            + e.getMessage());
                }
            }
        }
    }

    /** Its location is a file that is gone, or was modified after the bundle was installed or updated from it. */
    static boolean stale(Bundle bundle) {
        Path file = file(bundle.getLocation());
        try {
            return file != null && (!Files.exists(file)
                    || Files.getLastModifiedTime(file).toMillis() > bundle.getLastModified());
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** The file a {@code file:} location names, else null (Felix's {@code reference:file:} too). */
    static Path file(String location) {
        String uri = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        if (!uri.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(URI.create(uri));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
