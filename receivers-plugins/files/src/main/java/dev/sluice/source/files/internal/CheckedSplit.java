package dev.sluice.source.files.internal;

import dev.sluice.api.Time;
import dev.sluice.api.spi.InputSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A split of a listed file whose records reach the batch only once the file is seen unchanged
 * before and after the read, so a file that changed under the reader is never counted partly.
 * Records are held until then, up to {@link #HELD_RECORDS}; a larger file streams on past that,
 * and a change seen after it is reported with what was counted. Records a reader reuses (a
 * Hadoop InputFormat's Writables) cannot be held: they stream, checked before and after.
 */
final class CheckedSplit<T> implements InputSplit<T> {

    /** Records held per split before they stream: bounds the memory of a huge file's read. */
    static final int HELD_RECORDS = 1 << 20;

    private final InputSplit<T> split;
    private final ListedFile file;
    private final Time batch;
    private final FileChanges changes;
    private final boolean hold;

    /** {@code hold}: whether the split's records may be kept until it is checked (they are not reused). */
    CheckedSplit(InputSplit<T> split, ListedFile file, Time batch, FileChanges changes, boolean hold) {
        this.split = split;
        this.hold = hold;
        this.file = file;
        this.batch = batch;
        this.changes = changes;
    }

    @Override
    public void read(Consumer<? super T> out) throws Exception {
        Optional<String> before = changes.changeOf(file);
        if (before.isPresent()) {
            changes.changed(file, batch, before.get(), 0);
            return;
        }
        var held = new Held<T>(out, hold ? HELD_RECORDS : 0);
        split.read(held);
        Optional<String> after = changes.changeOf(file);
        if (after.isPresent()) {
            changes.changed(file, batch, after.get(), held.given);
            return;
        }
        held.release();
    }

    @Override
    public String description() {
        return split.description();
    }

    /** Holds records until the file is known unchanged, or streams them once too many are held. */
    private static final class Held<T> implements Consumer<T> {
        private final Consumer<? super T> out;
        private final int limit;
        private List<T> records = new ArrayList<>();
        private long given;

        Held(Consumer<? super T> out, int limit) {
            this.out = out;
            this.limit = limit;
            if (limit == 0) {
                records = null;
            }
        }

        @Override
        public void accept(T record) {
            if (records == null) {
                out.accept(record);
                given++;
                return;
            }
            records.add(record);
            if (records.size() == limit) {
                release();
            }
        }

        void release() {
            if (records != null) {
                records.forEach(out);
                given += records.size();
                records = null;
            }
        }
    }
}
