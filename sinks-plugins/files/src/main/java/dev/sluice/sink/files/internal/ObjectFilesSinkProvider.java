package dev.sluice.sink.files.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SinkType;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Sink type {@code object-files} ({@code saveAsObjectFiles}): each batch a directory of SequenceFile
 * parts holding the elements encoded by the runtime's record codec, as {@link ObjectFileReader}
 * describes. Settings: those of every file sink and {@code elementsPerRecord} (default
 * {@value ObjectPart#DEFAULT_ELEMENTS_PER_RECORD}). Public with a no-argument constructor for
 * {@link java.util.ServiceLoader} as well as DS.
 */
@Component(service = SinkProvider.class)
@SinkType(DStream.OBJECT_FILES)
public class ObjectFilesSinkProvider implements SinkProvider {

    @Override
    public <T> Sink<T> createSink(Config config) {
        RecordCodec codec = config.object(RecordCodec.CONFIG_KEY, RecordCodec.class).orElseThrow(() -> new ConfigException(
                "the object-files sink encodes elements with the runtime's record codec, which the runtime hands every"
                        + " sink as the config object " + RecordCodec.CONFIG_KEY + "; this config has none"));
        int elementsPerRecord = config.integer(ObjectPart.ELEMENTS_PER_RECORD, ObjectPart.DEFAULT_ELEMENTS_PER_RECORD);
        if (elementsPerRecord < 1) {
            throw new ConfigException(ObjectPart.ELEMENTS_PER_RECORD + " is how many elements are encoded together in"
                    + " one record and must be at least 1, got " + elementsPerRecord);
        }
        return FileBatchSink.create(DStream.OBJECT_FILES, config, new ObjectPart<>(codec, elementsPerRecord), List.of());
    }
}
