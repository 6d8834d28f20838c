package dev.sluice.source.files.internal;

import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.api.spi.RecordCodec;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;

/**
 * The elements of object files, as {@code saveAsObjectFiles} writes them: each file a SequenceFile
 * of (element count, elements encoded together by the runtime's record codec), with the codec's
 * format in the file's metadata. One split per file. A file of another codec format is reported
 * and skipped; an element of a type that is not registered fails the batch with the codec's error.
 */
final class ObjectRecords implements RecordFormat<Object> {

    /** The SequenceFile metadata key naming the codec format, as the object-files sink writes it. */
    static final String CODEC_KEY = "sluice.codec";

    private final Configuration conf;
    private final RecordCodec codec;
    private final BatchSourceContext context;

    ObjectRecords(Configuration conf, RecordCodec codec, BatchSourceContext context) {
        this.conf = conf;
        this.codec = codec;
        this.context = context;
    }

    @Override
    public List<InputSplit<Object>> splits(ListedFile file) {
        return List.of(new ObjectFile(file.path()));
    }

    private final class ObjectFile extends SkippingSplit<Object> {

        private final Path path;

        ObjectFile(Path path) {
            super(context);
            this.path = path;
        }

        @Override
        void readRecords(Consumer<? super Object> out) throws IOException {
            try (var reader = new SequenceFile.Reader(conf, SequenceFile.Reader.file(path))) {
                Text format = reader.getMetadata().get(new Text(CODEC_KEY));
                if (format == null || !format.toString().equals(codec.format())) {
                    throw new IOException("it is not an object file of this runtime's format " + codec.format()
                            + " (its format: " + (format == null ? "none" : format) + ")");
                }
                var count = new IntWritable();
                var elements = new BytesWritable();
                while (reader.next(count, elements)) {
                    codec.decode(elements.copyBytes()).forEach(out);
                }
            }
        }

        @Override
        public String description() {
            return path.toString();
        }
    }
}
