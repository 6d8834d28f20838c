package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.spi.Parameter;
import org.junit.jupiter.api.Test;

class KeyHelpTest {

    @Test
    void shouldReadTheTypeFromTheDefault() {
        assertThat(type("blockInterval", "200ms", "how often")).isEqualTo("duration");
        assertThat(type("port", "9999", "the port")).isEqualTo("number");
        assertThat(type("backpressure.enabled", "false", "adapt")).isEqualTo("true/false");
        assertThat(type("host", "localhost", "the server")).isEqualTo("text");
    }

    @Test
    void shouldReadTheTypeFromTheExampleWithoutADefault() {
        assertThat(type("batch", null, "batch interval, e.g. 1s or 500ms")).isEqualTo("duration");
        assertThat(type("blockMemory", null, "memory for blocks, e.g. 512m (default: 30% of the heap)"))
                .isEqualTo("size");
        assertThat(type("checkpoint", null, "checkpoint directory")).isEqualTo("text");
    }

    private static String type(String key, String defaultValue, String description) {
        return KeyHelp.of(Parameter.of(key, defaultValue, description)).type();
    }
}
