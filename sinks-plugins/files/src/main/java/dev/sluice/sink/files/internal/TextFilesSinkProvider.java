package dev.sluice.sink.files.internal;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SinkType;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Sink type {@code text-files} ({@code saveAsTextFiles}): each batch a directory
 * {@code prefix-TIME_IN_MS[.suffix]} of {@code part-NNNNN} files, one element per line in UTF-8,
 * and {@code _SUCCESS}. Settings: {@code prefix}, {@code suffix}, {@code filesPerBatch},
 * {@code hadoop.*}. Public with a no-argument constructor for {@link java.util.ServiceLoader} as well as DS.
 */
@Component(service = SinkProvider.class)
@SinkType(DStream.TEXT_FILES)
public class TextFilesSinkProvider implements SinkProvider {

    @Override
    public <T> Sink<T> createSink(Config config) {
        return FileBatchSink.create(DStream.TEXT_FILES, config, new TextPart<>(), List.of());
    }
}
