package dev.sluice.source.socket.internal;

import java.io.InputStream;
import java.util.Iterator;
import java.util.function.Function;
import dev.sluice.api.Config;
import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.SourceType;
import org.osgi.service.component.annotations.Component;

/**
 * Source type {@code socket}: each input stream connects to {@code host:port} and receives UTF-8
 * lines, or, given a {@code decoder} object (the spec's {@code socketStream}), the records the
 * decoder reads from the connection's bytes.
 * Public with a no-argument constructor for {@link java.util.ServiceLoader} as well as DS.
 */
@Component(service = SourceProvider.class)
@SourceType("socket")
public class SocketSourceProvider implements SourceProvider {

    /** The object setting of a decoded stream: a {@code Function<InputStream, Iterator<T>>}. */
    static final String DECODER = "decoder";

    @Override
    @SuppressWarnings("unchecked")
    public Receiver<?> createReceiver(Config config) {
        SocketSettings settings = SocketSettings.from(config);
        return config.object(DECODER, Function.class)
                .<Receiver<?>>map(decoder -> new DecodingSocketReceiver<>(settings,
                        (Function<InputStream, Iterator<Object>>) decoder))
                .orElseGet(() -> new SocketReceiver(settings));
    }
}
