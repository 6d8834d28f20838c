package dev.sluice.sink.files.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;

/** A part of {@code saveAsTextFiles}: one element per line, as {@code String.valueOf} gives it, in UTF-8. */
final class TextPart<T> implements PartFormat<T> {

    private static final int BUFFER = 64 * 1024;

    @Override
    public Path write(Iterator<? extends T> elements, PartTask task) throws IOException {
        try (var out = new BufferedWriter(new OutputStreamWriter(task.fs().create(new Path(task.dir(), "part"), false),
                UTF_8), BUFFER)) {
            while (elements.hasNext()) {
                out.write(String.valueOf(elements.next()));
                out.write('\n');
            }
        }
        return task.dir();
    }
}
