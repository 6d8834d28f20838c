package dev.sluice.operator.library.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.Parameter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code window} and {@code slide} keys of the windowed forms of the operators. */
record Windowing(Duration window, Optional<Duration> slide) {

    static final String WINDOW = "window";
    static final String SLIDE = "slide";

    static final List<Parameter> PARAMETERS = List.of(
            Parameter.of(WINDOW, null, "window length, e.g. 30s, a multiple of the batch interval; without it, per batch"),
            Parameter.of(SLIDE, null, "how often the window moves, a multiple of the batch interval (default: every batch)"));

    /** The window the config asks for, if any. */
    static Optional<Windowing> of(Config config, String operator) {
        if (!config.has(WINDOW)) {
            if (config.has(SLIDE)) {
                throw new ConfigException(operator + ": slide needs a window; set window, e.g. window=30s");
            }
            return Optional.empty();
        }
        Duration window = config.duration(WINDOW, null);
        Optional<Duration> slide = config.has(SLIDE) ? Optional.of(config.duration(SLIDE, null)) : Optional.empty();
        return Optional.of(new Windowing(window, slide));
    }

    <T> DStream<T> over(DStream<T> stream) {
        return slide.map(s -> stream.window(window, s)).orElseGet(() -> stream.window(window));
    }
}
