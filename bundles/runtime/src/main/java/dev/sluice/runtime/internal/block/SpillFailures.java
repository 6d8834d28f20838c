package dev.sluice.runtime.internal.block;

import dev.sluice.hadoop.FreeSpace;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spills that fail, as episodes (a disk fills, then gets space again): the first failure is logged
 * with the block's file, the cause and the space left on its file store, and the first spill that
 * works after it says so. Every block in between is tried again but not logged again, so a full disk
 * at a high rate does not flood the log.
 */
final class SpillFailures {

    private static final Logger LOG = LoggerFactory.getLogger(BlockStore.class);

    private final AtomicReference<String> current = new AtomicReference<>();

    void failed(BlockId id, Path file, Exception cause) {
        String message = "Cannot spill block " + id + " to " + file + ": " + describe(cause) + " ("
                + freeSpaceAt(file) + "). It stays in memory, as do the next blocks over the memory budget "
                + "until a spill works again; free space there or set localDir to a larger disk.";
        if (current.compareAndSet(null, message)) {
            LOG.error(message);
        } else {
            LOG.debug(message);
        }
    }

    void succeeded(Path file) {
        if (current.getAndSet(null) != null) {
            // as visible as the error it ends: a log filtered to warnings still shows the disk is fine again
            LOG.warn("Spilling blocks to {} works again: blocks over the memory budget go to disk.", file.getParent());
        }
    }

    /** The failure that began the episode under way, if spills fail now. */
    Optional<String> current() {
        return Optional.ofNullable(current.get());
    }

    /** A file system exception's message is only its file: its kind says what went wrong. */
    private static String describe(Exception cause) {
        return cause instanceof FileSystemException ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
                : cause.getMessage();
    }

    /** e.g. {@code 12.0 KiB free there}, measured on the nearest directory that exists. */
    private static String freeSpaceAt(Path file) {
        Path existing = file;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return "free space unknown: no part of the path exists";
        }
        try {
            return FreeSpace.bytes(Files.getFileStore(existing).getUsableSpace()) + " free there";
        } catch (IOException e) {
            return "free space unknown: " + e.getMessage();
        }
    }
}
