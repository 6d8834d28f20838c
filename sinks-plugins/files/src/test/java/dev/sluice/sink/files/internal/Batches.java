package dev.sluice.sink.files.internal;

import dev.sluice.api.Dataset;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.exec.DatasetImpl;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.WorkerPool;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.serial.RecordTypes;
import java.nio.file.Path;
import java.util.List;

/** Batches as the runtime makes them: its real datasets on a pool of two workers, and its record codec. */
final class Batches {

    private static final Execution EXECUTION = new Execution(new WorkerPool(2, "file-sink-test"), 2,
            new BlockStore(() -> new RecordSerializer(RecordTypes.builtIn()), Long.MAX_VALUE,
                    Path.of(System.getProperty("java.io.tmpdir"))));

    private Batches() {
    }

    /** {@code elements} in {@code partitions} contiguous partitions of near-equal size. */
    static <T> Dataset<T> of(List<T> elements, int partitions) {
        return new DatasetImpl<>(ListRdd.of(elements, partitions), EXECUTION);
    }

    /** The partitions as given, e.g. some empty. */
    static <T> Dataset<T> ofPartitions(List<List<T>> partitions) {
        return new DatasetImpl<>(new ListRdd<>(partitions), EXECUTION);
    }

    /** The runtime's codec, allowing the built-in types and {@code registered}. */
    static RecordCodec codec(Class<?>... registered) {
        return new RecordSerializer(RecordTypes.of(List.of(registered)));
    }
}
