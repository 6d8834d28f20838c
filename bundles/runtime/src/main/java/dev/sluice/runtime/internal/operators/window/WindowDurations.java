package dev.sluice.runtime.internal.operators.window;

import java.time.Duration;
import dev.sluice.api.InvalidGraphException;

/** The rules a window's durations follow, checked when the graph is built. */
final class WindowDurations {

    private WindowDurations() {
    }

    /**
     * The window and the slide must be positive multiples of the parent's slide (the batch interval for
     * a stream read from a source), and the window a multiple of the slide.
     */
    static void check(String operator, Duration parentSlide, Duration window, Duration slide) {
        long p = parentSlide.toMillis();
        long w = window.toMillis();
        long s = slide.toMillis();
        if (w <= 0 || w % p != 0) {
            throw new InvalidGraphException(operator + ": window duration " + w + " ms must be a positive multiple of"
                    + " the parent stream's slide duration " + p + " ms (the batch interval unless windowed)");
        }
        if (s <= 0 || s % p != 0) {
            throw new InvalidGraphException(operator + ": slide duration " + s + " ms must be a positive multiple of"
                    + " the parent stream's slide duration " + p + " ms (the batch interval unless windowed)");
        }
        if (w % s != 0) {
            throw new InvalidGraphException(operator + ": window duration " + w + " ms must be a multiple of the"
                    + " slide duration " + s + " ms");
        }
    }
}
