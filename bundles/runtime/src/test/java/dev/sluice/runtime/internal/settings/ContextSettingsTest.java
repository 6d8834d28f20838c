package dev.sluice.runtime.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextSettingsTest {

    @Test
    void shouldDeclareEveryKeyOnce() {
        var keys = new HashSet<String>();
        ContextSettings.ALL.forEach(s -> assertThat(keys.add(s.key())).as("declared twice: " + s.key()).isTrue());
        assertThat(ContextSettings.parameters()).hasSameSizeAs(ContextSettings.ALL);
    }

    @Test
    void shouldGiveTheDefaultWhenAKeyIsNotSet() {
        assertThat(ContextSettings.BLOCK_INTERVAL.get(Config.empty())).isEqualTo(Duration.ofMillis(200));
        assertThat(ContextSettings.MIN_RATE.get(Config.empty())).isEqualTo(100);
        assertThat(ContextSettings.OUTPUT_ON_FAILURE.get(Config.empty())).isEqualTo("stop");
        assertThat(ContextSettings.BLOCK_MEMORY.find(Config.empty())).isEmpty();
    }

    @Test
    void shouldReadAndNormaliseAValueThatIsSet() {
        Config config = Config.of(Map.of("blockInterval", "50ms", "recovery", " Fresh ", "blockMemory", "64m"));
        assertThat(ContextSettings.BLOCK_INTERVAL.get(config)).isEqualTo(Duration.ofMillis(50));
        assertThat(ContextSettings.RECOVERY.get(config)).isEqualTo("fresh");
        assertThat(ContextSettings.BLOCK_MEMORY.find(config)).contains(64L << 20);
    }

    @Test
    void shouldRefuseAValueNamingTheKeyAndWhatIsValid() {
        assertThatThrownBy(() -> ContextSettings.validate(Config.of("backpressure.minRate", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("backpressure.minRate must be a whole number of at least 1, got '0'");
        assertThatThrownBy(() -> ContextSettings.validate(Config.of("blockInterval", "0ms")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("blockInterval must be a positive duration such as 500ms, 1s or 2m, got '0ms'");
        assertThatThrownBy(() -> ContextSettings.validate(Config.of("recovery", "maybe")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("recovery must be one of auto, discard-unmatched, fresh, got 'maybe'");
    }

    @Test
    void shouldLetKeysItDoesNotDeclareBe() {
        ContextSettings.validate(Config.of(Map.of("port", "9999", "host", "example.org")));
    }

    @Test
    void shouldBeWhatTheReadmeTablesShow() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).resolve("../../README.md").normalize();
        assertThat(Files.readString(readme))
                .as("README.md's table of context keys; paste this table into it:%n%s", ContextSettings.markdownTable())
                .contains(ContextSettings.markdownTable());
    }
}
