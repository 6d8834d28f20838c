package dev.sluice.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.framework.Constants;

/**
 * Whether the shared framework storage of the last start can serve this one: it can while
 * {@code bundle/} and the framework are unchanged ({@link BundleFingerprint}), which spares copying
 * every jar into a fresh cache at each start. Anything else gets a fresh cache, so replacing a jar in
 * {@code bundle/} upgrades it at the next start. Configuration Admin keeps its store inside the
 * cache and it is emptied at every start either way: configurations come from {@code etc/} and
 * {@code deploy/} each time, as with a fresh cache, so a file removed while the container was down
 * leaves nothing behind.
 */
final class ReusedCache {

    /** Configuration Admin's store (its {@code felix.cm.dir}), a folder Felix does not take for a bundle's. */
    static final String CONFIGURATIONS = "configurations";
    static final String CM_DIR = "felix.cm.dir";

    private final Path storage;
    private final Path fingerprintFile;
    private final BundleFingerprint fingerprint;
    private final boolean shared;
    private final boolean reused;

    private ReusedCache(Path storage, Path fingerprintFile, BundleFingerprint fingerprint, boolean shared,
                        boolean reused) {
        this.storage = storage;
        this.fingerprintFile = fingerprintFile;
        this.fingerprint = fingerprint;
        this.shared = shared;
        this.reused = reused;
    }

    /** The fingerprint is kept beside the shared storage; a private one is always fresh. */
    static ReusedCache decide(CacheDirectory cache, BundleFingerprint fingerprint) throws IOException {
        Path storage = cache.path();
        Path file = storage.resolveSibling(storage.getFileName() + ".bundles");
        boolean same = cache.isShared() && Files.isDirectory(storage) && Files.isRegularFile(file)
                && Files.readString(file).equals(fingerprint.text());
        return new ReusedCache(storage, file, fingerprint, cache.isShared(), same);
    }

    boolean reused() {
        return reused;
    }

    /**
     * Sets the framework properties for the decision and clears what must not outlive a start: the
     * fingerprint of a cache about to be cleaned (so a start that dies while installing is not
     * taken for a complete one) and the configurations.
     */
    void prepare(Map<String, String> properties) throws IOException {
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN,
                reused ? "none" : Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Path configurations = storage.resolve(CONFIGURATIONS);
        properties.put(CM_DIR, configurations.toString());
        if (shared && !reused) {
            Files.deleteIfExists(fingerprintFile);
        }
        CacheDirectory.deleteTree(configurations);
    }

    /** Once every jar of {@code bundle/} is installed: the next start may use this cache. */
    void installed() throws IOException {
        if (shared && !reused) {
            Files.writeString(fingerprintFile, fingerprint.text());
        }
    }
}
