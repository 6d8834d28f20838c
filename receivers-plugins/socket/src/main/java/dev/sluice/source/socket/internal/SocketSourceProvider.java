package dev.sluice.source.socket.internal;

import dev.sluice.api.Config;
import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.SourceType;
import org.osgi.service.component.annotations.Component;

/**
 * Source type {@code socket}: each input stream connects to {@code host:port} and receives UTF-8 lines.
 * Public with a no-argument constructor for {@link java.util.ServiceLoader} as well as DS.
 */
@Component(service = SourceProvider.class)
@SourceType("socket")
public class SocketSourceProvider implements SourceProvider {

    @Override
    public Receiver<String> createReceiver(Config config) {
        return new SocketReceiver(SocketSettings.from(config));
    }
}
