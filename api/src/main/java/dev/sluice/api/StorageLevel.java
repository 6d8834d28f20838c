package dev.sluice.api;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the runtime keeps a persisted dataset or a received block: in memory as objects, in memory
 * serialized (compact, cheaper to hold, costs CPU to read), spilled to local disk when the memory
 * budget is used up, or on disk only. A level ending in {@code _2} is replicated; on one machine
 * that means durable: the data is also written to the receiver write-ahead log before it counts as
 * stored. The names are the spec's.
 */
public final class StorageLevel {

    public static final StorageLevel NONE = new StorageLevel("NONE", false, false, false, 1);
    public static final StorageLevel MEMORY_ONLY = new StorageLevel("MEMORY_ONLY", false, true, true, 1);
    public static final StorageLevel MEMORY_ONLY_2 = new StorageLevel("MEMORY_ONLY_2", false, true, true, 2);
    public static final StorageLevel MEMORY_ONLY_SER = new StorageLevel("MEMORY_ONLY_SER", false, true, false, 1);
    public static final StorageLevel MEMORY_ONLY_SER_2 =
            new StorageLevel("MEMORY_ONLY_SER_2", false, true, false, 2);
    public static final StorageLevel MEMORY_AND_DISK = new StorageLevel("MEMORY_AND_DISK", true, true, true, 1);
    public static final StorageLevel MEMORY_AND_DISK_2 =
            new StorageLevel("MEMORY_AND_DISK_2", true, true, true, 2);
    public static final StorageLevel MEMORY_AND_DISK_SER =
            new StorageLevel("MEMORY_AND_DISK_SER", true, true, false, 1);
    public static final StorageLevel MEMORY_AND_DISK_SER_2 =
            new StorageLevel("MEMORY_AND_DISK_SER_2", true, true, false, 2);
    public static final StorageLevel DISK_ONLY = new StorageLevel("DISK_ONLY", true, false, false, 1);
    public static final StorageLevel DISK_ONLY_2 = new StorageLevel("DISK_ONLY_2", true, false, false, 2);

    private static final Map<String, StorageLevel> BY_NAME = Stream.of(NONE, MEMORY_ONLY, MEMORY_ONLY_2,
                    MEMORY_ONLY_SER, MEMORY_ONLY_SER_2, MEMORY_AND_DISK, MEMORY_AND_DISK_2, MEMORY_AND_DISK_SER,
                    MEMORY_AND_DISK_SER_2, DISK_ONLY, DISK_ONLY_2)
            .collect(Collectors.toUnmodifiableMap(StorageLevel::toString, Function.identity()));

    private final String name;
    private final boolean useDisk;
    private final boolean useMemory;
    private final boolean deserialized;
    private final int replication;

    private StorageLevel(String name, boolean useDisk, boolean useMemory, boolean deserialized, int replication) {
        this.name = name;
        this.useDisk = useDisk;
        this.useMemory = useMemory;
        this.deserialized = deserialized;
        this.replication = replication;
    }

    /** The level with this name, e.g. {@code MEMORY_AND_DISK_SER_2} (any case). */
    public static StorageLevel of(String name) {
        StorageLevel level = BY_NAME.get(name.trim().toUpperCase(Locale.ROOT));
        if (level == null) {
            throw new ConfigException("unknown storage level '" + name + "'; use one of "
                    + BY_NAME.keySet().stream().sorted().collect(Collectors.joining(", ")));
        }
        return level;
    }

    /** Whether blocks go to local disk: always for disk-only levels, over the memory budget otherwise. */
    public boolean useDisk() {
        return useDisk;
    }

    public boolean useMemory() {
        return useMemory;
    }

    /** Whether memory holds the objects themselves rather than their serialized bytes. */
    public boolean deserialized() {
        return deserialized;
    }

    /** 2 for the {@code _2} levels: the data is also made durable in the write-ahead log. */
    public int replication() {
        return replication;
    }

    public boolean isValid() {
        return useDisk || useMemory;
    }

    @Override
    public String toString() {
        return name;
    }
}
