package dev.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReusedCacheTest {

    @TempDir
    Path home;

    private Path bundles;
    private Path framework;
    private Path shared;

    @BeforeEach
    void makeAHome() throws Exception {
        bundles = Files.createDirectories(home.resolve("bundle"));
        Files.writeString(bundles.resolve("a-1.0.jar"), "first bundle");
        Files.writeString(bundles.resolve("b-1.0.jar"), "second bundle");
        framework = Files.writeString(home.resolve("felix.jar"), "framework");
        shared = home.resolve("data/felix-cache");
    }

    @Test
    void shouldCleanTheFirstCacheAndReuseItWhileTheBundlesAreUnchanged() throws Exception {
        assertThat(start()).as("first start").isFalse();
        assertThat(start()).as("second start, nothing changed").isTrue();
        assertThat(start()).as("third start").isTrue();
    }

    @Test
    void shouldCleanTheCacheWhenAJarIsReplacedByOneOfTheSameName() throws Exception {
        start();
        Path jar = bundles.resolve("a-1.0.jar");
        Files.writeString(jar, "first bundle, rebuilt");

        assertThat(start()).isFalse();
        assertThat(start()).isTrue();
    }

    @Test
    void shouldCleanTheCacheWhenAJarOfTheSameSizeIsCopiedOverIt() throws Exception {
        start();
        Path jar = bundles.resolve("a-1.0.jar");
        Files.writeString(jar, "FIRST BUNDLE");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2000));

        assertThat(start()).isFalse();
    }

    @Test
    void shouldCleanTheCacheWhenAJarIsAddedOrRemovedOrTheFrameworkChanges() throws Exception {
        start();
        Files.writeString(bundles.resolve("c-1.0.jar"), "third bundle");
        assertThat(start()).as("added").isFalse();

        Files.delete(bundles.resolve("b-1.0.jar"));
        assertThat(start()).as("removed").isFalse();

        Files.writeString(framework, "framework, another version");
        assertThat(start()).as("framework").isFalse();
        assertThat(start()).isTrue();
    }

    @Test
    void shouldNotTakeACacheWhoseInstallationNeverFinishedForAComplete() throws Exception {
        start();
        Files.writeString(bundles.resolve("c-1.0.jar"), "third bundle");
        try (var cache = CacheDirectory.claim(shared)) {
            ReusedCache.decide(cache, fingerprint()).prepare(new HashMap<>()); // the container dies before installed()
        }
        Files.delete(bundles.resolve("c-1.0.jar"));

        assertThat(start()).as("bundle/ as it was when the complete cache was made").isFalse();
    }

    @Test
    void shouldTellTheFrameworkToCleanOrKeepItsStorageAndKeepConfigurationsInside() throws Exception {
        try (var cache = CacheDirectory.claim(shared)) {
            var first = ReusedCache.decide(cache, fingerprint());
            var properties = new HashMap<String, String>();
            first.prepare(properties);
            Files.createDirectories(shared);
            first.installed();

            assertThat(properties).containsEntry("org.osgi.framework.storage.clean", "onFirstInit")
                    .containsEntry("felix.cm.dir", shared.resolve("configurations").toString());

            Path configuration = Files.createDirectories(shared.resolve("configurations/dev/sluice"))
                    .resolve("stream.config");
            Files.writeString(configuration, "name=\"gone\"");
            var second = ReusedCache.decide(cache, fingerprint());
            second.prepare(properties);

            assertThat(properties).containsEntry("org.osgi.framework.storage.clean", "none");
            assertThat(configuration).as("configurations come from etc/ and deploy/ at every start").doesNotExist();
        }
    }

    @Test
    void shouldNeverReuseAPrivateCache() throws Exception {
        try (var holder = CacheDirectory.claim(shared)) {
            start(holder);
            start(holder);
            try (var second = CacheDirectory.claim(shared)) {
                var reused = ReusedCache.decide(second, fingerprint());
                reused.prepare(new HashMap<>());
                reused.installed();

                assertThat(second.isShared()).isFalse();
                assertThat(reused.reused()).isFalse();
                assertThat(Files.list(shared.getParent()).filter(p -> p.toString().endsWith(".bundles")))
                        .containsExactly(shared.resolveSibling("felix-cache.bundles"));
            }
        }
    }

    private BundleFingerprint fingerprint() throws Exception {
        return BundleFingerprint.of(bundles, framework);
    }

    /** One start as the container makes it: decide, prepare, the framework creates its storage, install. */
    private boolean start() throws Exception {
        try (var cache = CacheDirectory.claim(shared)) {
            return start(cache);
        }
    }

    private boolean start(CacheDirectory cache) throws Exception {
        var storage = ReusedCache.decide(cache, fingerprint());
        storage.prepare(new HashMap<>());
        Files.createDirectories(cache.path());
        storage.installed();
        return storage.reused();
    }
}
