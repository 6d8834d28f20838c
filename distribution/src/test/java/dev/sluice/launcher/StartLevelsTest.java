package dev.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StartLevelsTest {

    private final StartLevels levels = new StartLevels(Map.of(
            "felix.startlevel.bundle", "4",
            "sluice.startlevel.org.ops4j.pax.logging.pax-logging-api", "1",
            "sluice.startlevel.org.apache.felix.gogo.shell", " 6 "));

    @Test
    void shouldTakeTheLevelNamedForTheBundle() {
        assertThat(levels.of("org.ops4j.pax.logging.pax-logging-api")).isEqualTo(1);
        assertThat(levels.of("org.apache.felix.gogo.shell")).isEqualTo(6);
    }

    @Test
    void shouldGiveOtherBundlesTheInitialBundleStartLevel() {
        assertThat(levels.of("dev.sluice.examples")).isEqualTo(4);
        assertThat(levels.of(null)).isEqualTo(4);
    }

    @Test
    void shouldRejectALevelThatIsNotANumber() {
        var bad = new StartLevels(Map.of("sluice.startlevel.x", "first"));

        assertThatThrownBy(() -> bad.of("x")).hasMessage(
                "config.properties: the start level of x must be a whole number, got 'first'");
    }
}
