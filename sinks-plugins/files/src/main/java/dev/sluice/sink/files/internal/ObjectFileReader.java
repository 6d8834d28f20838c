package dev.sluice.sink.files.internal;

import dev.sluice.hadoop.HadoopCalls;
import dev.sluice.api.SluiceException;
import dev.sluice.api.spi.RecordCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;

/**
 * Reads back a batch directory written by {@code saveAsObjectFiles} (sink type {@code object-files}).
 *
 * <h2>Format</h2>
 * A batch is the directory {@code prefix-TIME_IN_MS[.suffix]} holding:
 * <ul>
 *   <li>{@code _SUCCESS}: an empty file, written last; the directory only becomes visible under its
 *       name once complete, so its presence is a check, not a wait;</li>
 *   <li>{@code part-00000}, {@code part-00001}, ...: one per partition (five digits, from 00000, in
 *       partition order), each a Hadoop {@code SequenceFile}, version 6, uncompressed;</li>
 *   <li>names starting with {@code .} or {@code _} are not data (e.g. the local file system's
 *       {@code .part-00000.crc} checksums) and are skipped.</li>
 * </ul>
 * Each part file:
 * <ul>
 *   <li>key class {@code org.apache.hadoop.io.IntWritable}: the number of elements in the record;</li>
 *   <li>value class {@code org.apache.hadoop.io.BytesWritable}: those elements, in order, encoded
 *       together by the runtime's {@link RecordCodec#encode} (Kryo, registered types only: the
 *       codec's own header, element count, then each element with its class);</li>
 *   <li>metadata {@value #CODEC_KEY} = the codec's {@link RecordCodec#format()} (e.g.
 *       {@code sluice-kryo-1}), and {@value #VERSION_KEY} = {@value #VERSION}: a reader refuses
 *       a file whose codec format it does not read;</li>
 *   <li>records in element order, at most {@code elementsPerRecord} elements each (a sink setting,
 *       default {@value ObjectPart#DEFAULT_ELEMENTS_PER_RECORD}); an empty partition is a file
 *       with no records.</li>
 * </ul>
 * The elements of a batch are the parts' elements in part order.
 */
final class ObjectFileReader {

    static final String CODEC_KEY = "sluice.codec";
    static final String VERSION_KEY = "sluice.objectFile.version";
    static final String VERSION = "1";

    private final Configuration conf;
    private final RecordCodec codec;

    ObjectFileReader(Configuration conf, RecordCodec codec) {
        this.conf = conf;
        this.codec = codec;
    }

    /** Every element of the batch directory {@code dir}, in order. */
    List<Object> read(String dir) throws IOException {
        var all = new ArrayList<>();
        read(new Path(dir), all::add);
        return all;
    }

    /** Hands every element of the batch directory to {@code out}, one record in memory at a time. */
    void read(Path dir, Consumer<Object> out) throws IOException {
        HadoopCalls.run(() -> {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(new Path(dir, BatchAttempt.SUCCESS))) {
                throw new SluiceException(dir + " is not a complete object-files batch: it has no "
                        + BatchAttempt.SUCCESS);
            }
            for (Path part : parts(fs, dir)) {
                readPart(part, out);
            }
        });
    }

    private static List<Path> parts(FileSystem fs, Path dir) throws IOException {
        var parts = new ArrayList<Path>();
        for (FileStatus status : fs.listStatus(dir)) {
            String name = status.getPath().getName();
            if (status.isFile() && name.startsWith("part-")) {
                parts.add(status.getPath());
            }
        }
        parts.sort(Comparator.comparing(Path::getName));
        return parts;
    }

    private void readPart(Path part, Consumer<Object> out) throws IOException {
        try (var reader = new SequenceFile.Reader(conf, SequenceFile.Reader.file(part))) {
            check(part, reader);
            var count = new IntWritable();
            var bytes = new BytesWritable();
            while (reader.next(count, bytes)) {
                List<Object> elements = codec.decode(bytes.copyBytes());
                if (elements.size() != count.get()) {
                    throw new SluiceException(part + " is corrupt: a record says " + count.get()
                            + " elements and holds " + elements.size());
                }
                elements.forEach(out);
            }
        }
    }

    private void check(Path part, SequenceFile.Reader reader) {
        if (reader.getKeyClass() != IntWritable.class || reader.getValueClass() != BytesWritable.class) {
            throw new SluiceException(part + " is not an object file: its records are " + reader.getKeyClassName()
                    + " and " + reader.getValueClassName() + ", not IntWritable counts and BytesWritable elements");
        }
        Text format = reader.getMetadata().get(new Text(CODEC_KEY));
        if (format == null || !format.toString().equals(codec.format())) {
            throw new SluiceException(part + " holds elements encoded as " + format + "; this runtime reads "
                    + codec.format());
        }
    }
}
