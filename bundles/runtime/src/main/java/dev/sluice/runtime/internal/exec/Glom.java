package dev.sluice.runtime.internal.exec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** glom: a partition's elements as one list, so partition-wise code sees whole partitions. */
public final class Glom {

    private Glom() {
    }

    public static <T> Iterator<List<T>> partition(Iterator<T> elements) {
        var all = new ArrayList<T>();
        elements.forEachRemaining(all::add);
        return List.<List<T>>of(all).iterator();
    }
}
