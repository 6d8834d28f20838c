package dev.sluice.runtime.internal.output;

import dev.sluice.runtime.internal.graph.OutputAction;
import java.util.function.BiConsumer;
import dev.sluice.api.Dataset;
import dev.sluice.api.Time;

/** foreach: the application's own function, called once per batch. */
public final class FunctionOutput<T> implements OutputAction<T> {

    private final BiConsumer<Dataset<T>, Time> function;

    public FunctionOutput(BiConsumer<Dataset<T>, Time> function) {
        this.function = function;
    }

    @Override
    public void run(Dataset<T> batch, Time time) {
        function.accept(batch, time);
    }
}
