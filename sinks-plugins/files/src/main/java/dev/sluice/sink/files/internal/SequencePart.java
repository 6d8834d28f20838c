package dev.sluice.sink.files.internal;

import dev.sluice.api.Pair;
import dev.sluice.api.SluiceException;
import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Writable;

/**
 * A part of {@code saveAsHadoopFiles(prefix, suffix)} with no classes given: a SequenceFile of the
 * keys and values as Writables ({@link Writables#of}), readable by {@code SequenceFile.Reader} and
 * Hadoop's SequenceFile input formats. A SequenceFile has one key and one value class, taken from
 * the partition's first pair; an empty partition is a file of NullWritable keys and values.
 */
final class SequencePart implements PartFormat<Object> {

    @Override
    public Path write(Iterator<?> elements, PartTask task) throws IOException {
        Pair<?, ?> first = elements.hasNext() ? Writables.pair(elements.next()) : null;
        Writable firstKey = first == null ? NullWritable.get() : Writables.of(first.key());
        Writable firstValue = first == null ? NullWritable.get() : Writables.of(first.value());
        try (var writer = SequenceFile.createWriter(task.conf(),
                SequenceFile.Writer.file(new Path(task.dir(), "part")),
                SequenceFile.Writer.keyClass(firstKey.getClass()),
                SequenceFile.Writer.valueClass(firstValue.getClass()))) {
            if (first != null) {
                writer.append(firstKey, firstValue);
            }
            while (elements.hasNext()) {
                Pair<?, ?> pair = Writables.pair(elements.next());
                writer.append(same(Writables.of(pair.key()), firstKey, "key", pair.key()),
                        same(Writables.of(pair.value()), firstValue, "value", pair.value()));
            }
        }
        return task.dir();
    }

    private static Writable same(Writable w, Writable first, String role, Object original) {
        if (w.getClass() != first.getClass()) {
            throw new SluiceException("a SequenceFile holds one " + role + " class: the " + role + " " + original + " ("
                    + Writables.typeName(original) + ") becomes a " + w.getClass().getSimpleName()
                    + " where this part's first is a " + first.getClass().getSimpleName() + "; map the " + role
                    + "s to one type, or give the classes with saveAsHadoopFiles(prefix, suffix, keyClass,"
                    + " valueClass, outputFormat)");
        }
        return w;
    }
}
