package dev.sluice.runtime.internal.operators.keyed;

import dev.sluice.api.Pair;
import dev.sluice.runtime.internal.graph.DStreamGraph;
import dev.sluice.runtime.internal.graph.DStreamNode;
import dev.sluice.runtime.internal.graph.KeyedStages;
import dev.sluice.runtime.internal.operators.TwoParentNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * In a stream a group shares, a join or cogroup of the input and a keyed stage
 * ({@code pairs.join(pairs.reduceByKey(f))}) cannot hand its two sides over in one transaction: the
 * input's part goes with the input's other readers, before the keyed stage has its keys. So its
 * input's side is read through a {@link PartitionByNode}, a keyed stage of its own reading the input:
 * it hands over with the input's other readers, and the join reads keyed stages only, as a join of
 * two keyed stages does. The input's records then cross the members twice.
 */
public final class InputSides {

    private InputSides() {
    }

    /** Puts a {@link PartitionByNode} before each such side of {@code graph}'s keyed stages; returns those added. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static List<PartitionByNode<?, ?>> partitionApart(DStreamGraph graph) {
        var stages = new KeyedStages(graph);
        var added = new ArrayList<PartitionByNode<?, ?>>();
        for (DStreamNode<?> node : List.copyOf(graph.nodes())) {
            if (!(node instanceof TwoParentNode<?, ?, ?> two) || node.groupPart() != DStreamNode.GroupPart.BY_KEY) {
                continue;
            }
            List<DStreamNode<?>> sides = node.dependencies();
            for (int i = 0; i < 2; i++) {
                Set<KeyedStages.Upstream> other = stages.reachedFrom(sides.get(1 - i));
                if (stages.reachedFrom(sides.get(i)).equals(Set.of(KeyedStages.Upstream.INPUT)) && !other.isEmpty()
                        && !other.contains(KeyedStages.Upstream.INPUT)) {
                    DStreamNode<Pair<Object, Object>> side = (DStreamNode) sides.get(i);
                    added.add(two.readThrough(side, new PartitionByNode<>(side)));
                }
            }
        }
        return added;
    }
}
