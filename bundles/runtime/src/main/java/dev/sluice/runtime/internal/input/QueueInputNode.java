package dev.sluice.runtime.internal.input;

import dev.sluice.runtime.internal.graph.InputNode;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import dev.sluice.api.Time;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.Rdd;

/** queueStream: each batch takes one queued collection (or all of them), split across the workers. */
public final class QueueInputNode<T> extends InputNode<T> {

    private final Queue<? extends Collection<T>> queue;
    private final boolean oneAtATime;
    private final Map<Time, Long> records = new HashMap<>();

    public QueueInputNode(DStreamGraph graph, Queue<? extends Collection<T>> queue, boolean oneAtATime) {
        super(graph, "queueStream");
        this.queue = queue;
        this.oneAtATime = oneAtATime;
    }

    @Override
    protected Rdd<T> compute(Time time) {
        take(time);
        var elements = new ArrayList<T>();
        Collection<T> next;
        while ((next = queue.poll()) != null) {
            elements.addAll(next);
            if (oneAtATime) {
                break;
            }
        }
        records.put(time, (long) elements.size());
        return ListRdd.of(List.copyOf(elements), graph.parallelism());
    }

    @Override
    protected void release(Time time, Rdd<T> rdd) {
        records.remove(time);
    }

    @Override
    public long recordsAt(Time time) {
        return records.getOrDefault(time, 0L);
    }
}
