package dev.sluice.runtime.internal.block;

import dev.sluice.runtime.internal.serial.RecordSerializer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** One block as the store keeps it: objects in memory, serialized bytes in memory, or a file. */
sealed interface StoredBlock {

    List<?> records(RecordSerializer serializer);

    /** Piece {@code piece} of {@code pieces} of the records; read whole and cut unless the form can do better. */
    default List<?> records(RecordSerializer serializer, int piece, int pieces) {
        List<?> all = records(serializer);
        return all.subList(RecordSerializer.pieceStart(all.size(), piece, pieces),
                RecordSerializer.pieceStart(all.size(), piece + 1, pieces));
    }

    /** Hands piece {@code piece} of {@code pieces} of the records to {@code out}, one at a time where the form allows. */
    default void forEach(RecordSerializer serializer, int piece, int pieces, Consumer<Object> out) {
        records(serializer, piece, pieces).forEach(out);
    }

    /** Bytes of memory this block counts against the budget. */
    long memory();

    /** Frees what the block holds outside the heap. */
    default void discard() {
    }

    record Values(List<?> records, long memory) implements StoredBlock {
        @Override
        public List<?> records(RecordSerializer serializer) {
            return records;
        }
    }

    record Bytes(byte[] bytes) implements StoredBlock {
        @Override
        public List<?> records(RecordSerializer serializer) {
            return serializer.fromBytes(bytes);
        }

        @Override
        public List<?> records(RecordSerializer serializer, int piece, int pieces) {
            return serializer.fromBytes(bytes, piece, pieces);
        }

        @Override
        public void forEach(RecordSerializer serializer, int piece, int pieces, Consumer<Object> out) {
            serializer.forEach(bytes, piece, pieces, out);
        }

        @Override
        public long memory() {
            return bytes.length;
        }
    }

    record OnDisk(Path file, long length) implements StoredBlock {
        @Override
        public List<?> records(RecordSerializer serializer) {
            try (var in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
                return serializer.read(in, "block file " + file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read block file " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public long memory() {
            return 0;
        }

        @Override
        public void discard() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the whole directory goes when the store closes
            }
        }
    }
}
