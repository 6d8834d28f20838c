package dev.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirectoryTest {

    @TempDir
    Path home;

    @Test
    void shouldUseTheSharedCacheWhenNoOtherContainerHoldsIt() throws Exception {
        Path shared = home.resolve("data/felix-cache");

        try (CacheDirectory cache = CacheDirectory.claim(shared)) {
            assertThat(cache.isShared()).isTrue();
            assertThat(cache.path()).isEqualTo(shared);
        }
    }

    @Test
    void shouldUseAPrivateCacheWhileTheSharedOneIsHeldAndDeleteItAfterwards() throws Exception {
        Path shared = home.resolve("data/felix-cache");
        try (CacheDirectory first = CacheDirectory.claim(shared)) {
            CacheDirectory second = CacheDirectory.claim(shared);
            assertThat(first.isShared()).isTrue();
            Files.writeString(second.path().resolve("bundle1"), "x");

            assertThat(second.isShared()).isFalse();
            assertThat(second.path()).isNotEqualTo(shared).hasParent(shared.getParent());

            second.close();
            second.close();
            assertThat(second.path()).doesNotExist();
        }
    }

    @Test
    void shouldLetTheNextContainerHaveTheSharedCacheOnceReleased() throws Exception {
        Path shared = home.resolve("data/felix-cache");
        CacheDirectory.claim(shared).close();

        try (CacheDirectory again = CacheDirectory.claim(shared)) {
            assertThat(again.isShared()).isTrue();
        }
    }
}
