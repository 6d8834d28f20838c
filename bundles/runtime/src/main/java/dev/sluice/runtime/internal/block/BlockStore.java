package dev.sluice.runtime.internal.block;

import dev.sluice.api.SluiceException;
import dev.sluice.api.StorageLevel;
import dev.sluice.runtime.internal.serial.RecordSerializer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Received blocks and persisted partitions, each kept per its storage level until removed: as
 * objects, as serialized bytes, or in a file under the local directory. Serialized and
 * memory-and-disk blocks count against a memory budget; a block that would go over it is written
 * to disk if its level allows, and kept in memory with a warning if not, since accepted data is
 * never dropped. A block whose disk write fails (a full disk) stays in memory, and later blocks
 * spill again once a write works.
 */
public final class BlockStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlockStore.class);
    /** Records sampled to estimate the heap size of a deserialized block. */
    private static final int SAMPLE = 32;
    /** Objects on the heap take about this many times their serialized size. */
    private static final int HEAP_FACTOR = 3;

    private final ConcurrentHashMap<BlockId, StoredBlock> blocks = new ConcurrentHashMap<>();
    private final Supplier<RecordSerializer> serializer;
    private final long memoryBudget;
    private final Path localDirParent;
    private final AtomicLong memoryUsed = new AtomicLong();
    private final AtomicLong diskUsed = new AtomicLong();
    private final AtomicLong fileCounter = new AtomicLong();
    private final AtomicBoolean warnedOverBudget = new AtomicBoolean();
    private final SpillFailures spillFailures = new SpillFailures();
    private volatile Path localDir;

    /**
     * @param serializer   made on first use, so that record types can be registered until then
     * @param memoryBudget bytes of blocks to hold in memory before spilling to disk
     * @param localDir     where spilled and disk-only blocks go (a directory is made inside it)
     */
    public BlockStore(Supplier<RecordSerializer> serializer, long memoryBudget, Path localDir) {
        this.serializer = serializer;
        this.memoryBudget = memoryBudget;
        this.localDirParent = localDir;
    }

    /** Stores a block; a block already stored under {@code id} is kept and this one dropped. */
    public void put(BlockId id, List<?> records, StorageLevel level) {
        put(id, records, null, level);
    }

    /** As {@link #put(BlockId, List, StorageLevel)}, with the records' serialized form if it was made already. */
    public void put(BlockId id, List<?> records, byte[] serialized, StorageLevel level) {
        if (!level.isValid()) {
            throw new IllegalArgumentException("cannot store block " + id + " at level " + level);
        }
        insert(id, store(id, records, serialized, level));
    }

    /**
     * Stores a block made in serialized form (received lines kept as their bytes): kept as those bytes
     * unless the level keeps objects, which are then read from them.
     */
    public void putSerialized(BlockId id, byte[] serialized, StorageLevel level) {
        if (level.useMemory() && level.deserialized()) {
            put(id, serializer.get().fromBytes(serialized), serialized, level);
            return;
        }
        if (!level.isValid()) {
            throw new IllegalArgumentException("cannot store block " + id + " at level " + level);
        }
        insert(id, storeSerialized(id, serialized, level));
    }

    private void insert(BlockId id, StoredBlock stored) {
        if (blocks.putIfAbsent(id, stored) == null) {
            account(stored, 1);
        } else {
            stored.discard();
        }
    }

    private StoredBlock store(BlockId id, List<?> records, byte[] serialized, StorageLevel level) {
        if (level.useMemory() && level.deserialized()) {
            if (!level.useDisk()) {
                return new StoredBlock.Values(records, 0); // the user's choice: objects on the heap, unbudgeted
            }
            long estimate = estimateHeapBytes(records);
            return fits(estimate) ? new StoredBlock.Values(records, estimate)
                    : writeOrKeep(id, serialized != null ? serialized : serializer.get().toBytes(records));
        }
        return storeSerialized(id, serialized != null ? serialized : serializer.get().toBytes(records), level);
    }

    /** A serialized block at a serialized level: in memory while the budget allows, then on disk if the level has it. */
    private StoredBlock storeSerialized(BlockId id, byte[] bytes, StorageLevel level) {
        if (!level.useMemory()) {
            return writeOrKeep(id, bytes);
        }
        if (fits(bytes.length)) {
            return new StoredBlock.Bytes(bytes);
        }
        if (level.useDisk()) {
            return writeOrKeep(id, bytes);
        }
        warnOverBudget(id, level);
        return new StoredBlock.Bytes(bytes);
    }

    private boolean fits(long bytes) {
        return memoryUsed.get() + bytes <= memoryBudget;
    }

    private void warnOverBudget(BlockId id, StorageLevel level) {
        if (warnedOverBudget.compareAndSet(false, true)) {
            LOG.warn("Block memory budget of {} KB is used up; block {} at {} stays in memory since its level "
                    + "has no disk (use a MEMORY_AND_DISK level to spill, or raise blockMemory). Warned once.",
                    memoryBudget >> 10, id, level);
        }
    }

    /**
     * Writes the block to its file; if that fails (e.g. a full disk) the partial file is deleted, so
     * nothing half written is ever read as a block, and the block stays whole in memory.
     */
    private StoredBlock writeOrKeep(BlockId id, byte[] bytes) {
        Path file = null;
        try {
            // unique, so a duplicate put never touches the file of the block already stored
            file = localDir().resolve(id.name() + "-" + fileCounter.incrementAndGet() + ".blk");
            try (var out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
                out.write(bytes);
            }
            spillFailures.succeeded(file);
            return new StoredBlock.OnDisk(file, bytes.length);
        } catch (IOException | UncheckedIOException e) {
            if (file != null) {
                new StoredBlock.OnDisk(file, 0).discard();
            }
            spillFailures.failed(id, file != null ? file : localDirParent, e);
            return new StoredBlock.Bytes(bytes);
        }
    }

    /** Why blocks over the budget stay in memory instead of going to disk now, if they do. */
    public Optional<String> spillFailure() {
        return spillFailures.current();
    }

    private Path localDir() throws IOException {
        Path dir = localDir;
        if (dir == null) {
            synchronized (this) {
                if (localDir == null) {
                    Files.createDirectories(localDirParent);
                    localDir = Files.createTempDirectory(localDirParent, "sluice-blocks-");
                }
                dir = localDir;
            }
        }
        return dir;
    }

    private long estimateHeapBytes(List<?> records) {
        if (records.isEmpty()) {
            return 0;
        }
        List<?> sample = records.subList(0, Math.min(SAMPLE, records.size()));
        long sampleBytes = serializer.get().toBytes(sample).length;
        return sampleBytes * records.size() / sample.size() * HEAP_FACTOR;
    }

    private void account(StoredBlock stored, int sign) {
        memoryUsed.addAndGet(sign * stored.memory());
        if (stored instanceof StoredBlock.OnDisk d) {
            diskUsed.addAndGet(sign * d.length());
        }
    }

    public List<?> get(BlockId id) {
        return stored(id).records(serializer.get());
    }

    /** Piece {@code piece} of {@code pieces} of the block's records (the pieces in turn are all of them). */
    public List<?> get(BlockId id, int piece, int pieces) {
        return stored(id).records(serializer.get(), piece, pieces);
    }

    /** Hands piece {@code piece} of {@code pieces} of the block's records to {@code out}, without a list of them where it can. */
    public void forEach(BlockId id, int piece, int pieces, Consumer<Object> out) {
        stored(id).forEach(serializer.get(), piece, pieces, out);
    }

    private StoredBlock stored(BlockId id) {
        StoredBlock b = blocks.get(id);
        if (b == null) {
            throw new SluiceException("block " + id + " is no longer stored; it was released before its batch ran");
        }
        return b;
    }

    public boolean contains(BlockId id) {
        return blocks.containsKey(id);
    }

    public void remove(Collection<BlockId> ids) {
        ids.forEach(this::remove);
    }

    public void remove(BlockId id) {
        StoredBlock b = blocks.remove(id);
        if (b != null) {
            account(b, -1);
            b.discard();
        }
    }

    public int blockCount() {
        return blocks.size();
    }

    /** Bytes of blocks counted against the memory budget. */
    public long memoryUsed() {
        return memoryUsed.get();
    }

    public long diskUsed() {
        return diskUsed.get();
    }

    /** Removes every block and the local directory. */
    @Override
    public void close() {
        remove(List.copyOf(blocks.keySet()));
        Path dir = localDir;
        if (dir != null) {
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(f -> new StoredBlock.OnDisk(f, 0).discard());
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                LOG.warn("Cannot delete the block directory {}: {}", dir, e.getMessage());
            }
        }
    }
}
