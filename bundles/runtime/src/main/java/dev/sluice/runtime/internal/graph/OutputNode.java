package dev.sluice.runtime.internal.graph;

import java.util.Optional;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.DatasetImpl;
import dev.sluice.runtime.internal.exec.Rdd;
import dev.sluice.runtime.internal.exec.Execution;

/** An output operation: runs its action on the parent's dataset every batch that has one. */
public final class OutputNode<T> {

    private final DStreamNode<T> parent;
    private final OutputAction<T> action;
    private final String description;
    private final int id;

    OutputNode(int id, DStreamNode<T> parent, OutputAction<T> action, String description) {
        this.id = id;
        this.parent = parent;
        this.action = action;
        this.description = description;
    }

    public Optional<Job> generateJob(Time time, Execution execution) {
        Rdd<T> rdd = parent.getOrCompute(time);
        if (rdd == null) {
            return Optional.empty();
        }
        return Optional.of(new Job(time, id, description, () -> action.run(new DatasetImpl<>(rdd, execution), time)));
    }

    /** The job of a batch whose dataset could not be made: it fails with why. */
    Job failedJob(Time time, BatchNotGenerated failure) {
        return new Job(time, id, description, () -> {
            throw failure;
        });
    }

    public OutputAction<T> action() {
        return action;
    }

    public DStreamNode<T> parent() {
        return parent;
    }

    public String description() {
        return description;
    }
}
