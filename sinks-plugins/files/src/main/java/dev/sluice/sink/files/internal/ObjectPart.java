package dev.sluice.sink.files.internal;

import dev.sluice.api.spi.RecordCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;

/**
 * A part of {@code saveAsObjectFiles}: a SequenceFile of records of up to
 * {@code elementsPerRecord} elements encoded together by the runtime's codec, the format
 * {@link ObjectFileReader} describes. Encoding elements together writes each class name once per
 * record instead of once per element.
 */
final class ObjectPart<T> implements PartFormat<T> {

    static final String ELEMENTS_PER_RECORD = "elementsPerRecord";
    static final int DEFAULT_ELEMENTS_PER_RECORD = 100;

    private final RecordCodec codec;
    private final int elementsPerRecord;

    ObjectPart(RecordCodec codec, int elementsPerRecord) {
        this.codec = codec;
        this.elementsPerRecord = elementsPerRecord;
    }

    @Override
    public Path write(Iterator<? extends T> elements, PartTask task) throws IOException {
        var metadata = new SequenceFile.Metadata();
        metadata.set(new Text(ObjectFileReader.CODEC_KEY), new Text(codec.format()));
        metadata.set(new Text(ObjectFileReader.VERSION_KEY), new Text(ObjectFileReader.VERSION));
        try (var writer = SequenceFile.createWriter(task.conf(),
                SequenceFile.Writer.file(new Path(task.dir(), "part")),
                SequenceFile.Writer.keyClass(IntWritable.class),
                SequenceFile.Writer.valueClass(BytesWritable.class),
                SequenceFile.Writer.compression(SequenceFile.CompressionType.NONE),
                SequenceFile.Writer.metadata(metadata))) {
            List<T> record = new ArrayList<>(elementsPerRecord);
            while (elements.hasNext()) {
                record.add(elements.next());
                if (record.size() == elementsPerRecord || !elements.hasNext()) {
                    writer.append(new IntWritable(record.size()), new BytesWritable(codec.encode(record)));
                    record.clear();
                }
            }
        }
        return task.dir();
    }
}
