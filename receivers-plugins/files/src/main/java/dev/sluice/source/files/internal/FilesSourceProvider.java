package dev.sluice.source.files.internal;

import dev.sluice.api.ConfigException;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.api.Config;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.SourceType;
import org.apache.hadoop.mapred.JobConf;
import org.osgi.service.component.annotations.Component;

/**
 * Source type {@code files}: the new files of a directory on any Hadoop file system, read each
 * batch as text lines ({@code textFileStream}), fixed-length binary records
 * ({@code binaryRecordsStream}) or by a Hadoop InputFormat ({@code fileStream}).
 * Public with a no-argument constructor for {@link java.util.ServiceLoader} as well as DS.
 */
@Component(service = SourceProvider.class)
@SourceType("files")
public class FilesSourceProvider implements SourceProvider {

    @Override
    public boolean pollsPerBatch() {
        return true;
    }

    @Override
    public BatchSource<?> createBatchSource(Config config) {
        FileSettings settings = FileSettings.from(config);
        return switch (settings.format()) {
            case TEXT -> new FileBatchSource<>(settings,
                    (fs, conf, context) -> new TextLines(fs, conf, context, settings.maxLineLength()));
            case OBJECT -> {
                RecordCodec codec = config.object(RecordCodec.CONFIG_KEY, RecordCodec.class).orElseThrow(() ->
                        new ConfigException("object files are read with the runtime's record codec, which this"
                                + " source was not given; read them through StreamingContext.objectFile(Stream)"));
                yield new FileBatchSource<>(settings, (fs, conf, context) -> new ObjectRecords(conf, codec, context));
            }
            case BINARY -> new FileBatchSource<>(settings,
                    (fs, conf, context) -> new BinaryRecords(fs, settings.recordLength(), context));
            case INPUT_FORMAT -> new FileBatchSource<>(settings, (fs, conf, context) -> {
                var types = new DeclaredTypes(settings.inputFormat(), settings.keyClass(), settings.valueClass());
                return org.apache.hadoop.mapreduce.InputFormat.class.isAssignableFrom(settings.inputFormat())
                        ? new NewApiInputFormat(types, new JobConf(conf), context)
                        : new OldApiInputFormat(types, new JobConf(conf), context);
            });
        };
    }
}
