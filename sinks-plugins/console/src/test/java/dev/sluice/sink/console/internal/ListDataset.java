package dev.sluice.sink.console.internal;

import dev.sluice.api.Dataset;
import dev.sluice.runtime.internal.block.BlockStore;
import dev.sluice.runtime.internal.exec.DatasetImpl;
import dev.sluice.runtime.internal.exec.Execution;
import dev.sluice.runtime.internal.exec.ListRdd;
import dev.sluice.runtime.internal.exec.WorkerPool;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import dev.sluice.runtime.internal.serial.RecordTypes;
import java.nio.file.Path;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch held in a list: the runtime's real dataset, seen through a proxy that records every call,
 * so a test can check that a sink only takes what it prints instead of computing the whole batch.
 */
final class ListDataset<T> {

    private static final Execution EXECUTION = new Execution(new WorkerPool(2, "console-test"), 2,
            new BlockStore(() -> new RecordSerializer(RecordTypes.builtIn()), Long.MAX_VALUE,
                    Path.of(System.getProperty("java.io.tmpdir"))));

    final Dataset<T> dataset;
    final List<String> calls = new ArrayList<>();
    final List<Integer> takes = new ArrayList<>();

    @SuppressWarnings("unchecked")
    ListDataset(List<T> elements) {
        Dataset<T> real = new DatasetImpl<>(ListRdd.of(elements, 2), EXECUTION);
        dataset = (Dataset<T>) Proxy.newProxyInstance(Dataset.class.getClassLoader(), new Class<?>[] {Dataset.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals("take")) {
                        takes.add((Integer) args[0]);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
