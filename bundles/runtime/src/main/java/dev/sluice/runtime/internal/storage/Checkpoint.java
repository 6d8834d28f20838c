package dev.sluice.runtime.internal.storage;

import dev.sluice.api.Time;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one checkpoint records: the application and its batch interval, the batch times it had
 * generated and completed, where each stateful operator's state was written, and what each input
 * needs to replay the batches after {@link #replayFrom}. See {@link CheckpointFormat} for the bytes.
 *
 * @param sequence      orders checkpoints: the highest is the latest
 * @param time          the latest batch time generated when it was written
 * @param lastCompleted the latest batch whose outputs all ran; the batches after it run again on recovery
 * @param pending       batches generated but not completed, in order
 * @param operators     every operator of the graph by name, for messages about a changed application
 * @param states        where each stateful operator's state is
 * @param replayFrom    the inputs' progress is as of this batch: recovery polls the batches after it again
 */
public record Checkpoint(long sequence, String appName, Duration batchInterval, Time zeroTime, Time time,
                         Time lastCompleted, List<Time> pending, List<Operator> operators, List<StateRef> states,
                         Time replayFrom, List<InputProgress> inputs) {

    /** An operator of the graph: its stable name and what kind it is, e.g. {@code updateStateByKey}. */
    public record Operator(String name, String kind) {
    }

    /** A stateful operator's state as of batch {@code time}, in {@code file} (relative to the checkpoint directory). */
    public record StateRef(String name, String kind, Time time, String file) {
    }

    /** An input's bytes: what it needs to give the batches after {@code time} the same data again. */
    public record InputProgress(String name, Time time, byte[] progress) {
    }

    public Checkpoint {
        pending = List.copyOf(pending);
        operators = List.copyOf(operators);
        states = List.copyOf(states);
        inputs = List.copyOf(inputs);
    }

    public Optional<StateRef> state(String name) {
        return states.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<InputProgress> input(String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
