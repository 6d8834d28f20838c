package dev.sluice.runtime.internal.graph;

import dev.sluice.api.Time;

/** One output operation's work for one batch. */
public record Job(Time time, int outputId, String description, Work work) {

    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }
}
