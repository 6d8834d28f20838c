package com.example.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An operator plugin's test: the real engine, a batch in, the batch out. */
class RedactOperatorTest {

    private static List<String> redact(Config config, List<String> lines) {
        try (var kit = new StreamTestKit(StreamingSettings.of("local[1]", "redact", Duration.ofSeconds(1)),
                StreamTestKit.plugins(Map.of(), Map.of(), Map.of("redact", new RedactOperator())))) {
            var in = kit.<String>input();
            var out = kit.output(in.stream().<String>via("redact", config));
            kit.start();
            in.add(lines);
            kit.runBatch();
            return out.at(new Time(1000));
        }
    }

    @Test
    void digitsAreHiddenByDefault() {
        assertThat(redact(Config.empty(), List.of("card 4111-1111", "none"))).containsExactly("card ####-####", "none");
    }

    @Test
    void whatIsReplacedAndWithWhatAreKeys() {
        assertThat(redact(Config.of(Map.of("regex", "secret\\w*", "with", "***")), List.of("a secretive b")))
                .containsExactly("a *** b");
    }

    @Test
    void aBadExpressionIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> redact(Config.of("regex", "("), List.of("x")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("redact: regex is not a regular expression");
    }
}
