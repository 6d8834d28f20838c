package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void parsesTypedValuesAndNamesTheKeyOfOneThatDoesNotParse() {
        Config c = Config.parse(List.of("port=9999", "batch=500ms", "memory=64k", "graceful=yes"));

        assertThat(c.integer("port", 0)).isEqualTo(9999);
        assertThat(c.duration("batch", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(c.size("memory", 0)).isEqualTo(65536);
        assertThat(c.bool("graceful", false)).isTrue();
        assertThatThrownBy(() -> Config.of("port", "x").integer("port", 0))
                .isInstanceOf(ConfigException.class).hasMessage("port must be a whole number, got 'x'");
        assertThatThrownBy(() -> Config.parse(List.of("oops")))
                .isInstanceOf(ConfigException.class).hasMessage("argument 'oops' is not of the form key=value");
    }

    @Test
    void carriesObjectsBesideTextAndMergesBoth() {
        Function<String, Integer> decoder = String::length;
        Config c = Config.of("host", "localhost").withObject("decoder", decoder).withObject("format", String.class);

        assertThat(c.has("decoder")).isTrue();
        assertThat(c.object("decoder", Function.class)).containsSame(decoder);
        assertThat(c.object("missing", Function.class)).isEmpty();
        assertThat(c.with(Config.of("port", 1)).object("format", Class.class)).contains(String.class);
        assertThat(c.toString()).contains("host=localhost").contains("format=java.lang.String");
        assertThatThrownBy(() -> c.object("decoder", Class.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("decoder must be a java.lang.Class");
        assertThat(c).isNotEqualTo(Config.of("host", "localhost"));
    }
}
