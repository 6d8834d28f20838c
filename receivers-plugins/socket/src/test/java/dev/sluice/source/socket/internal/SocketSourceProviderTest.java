package dev.sluice.source.socket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.SourceType;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SocketSourceProviderTest {

    private final SocketSourceProvider provider = new SocketSourceProvider();

    @Test
    void shouldBeFoundByServiceLoaderUnderTheTypeSocket() {
        var found = ServiceLoader.load(SourceProvider.class).stream()
                .filter(p -> p.type() == SocketSourceProvider.class)
                .findFirst();

        assertThat(found).isPresent();
        assertThat(found.get().type().getAnnotation(SourceType.class).value()).isEqualTo("socket");
    }

    @Test
    void shouldConnectToLocalhostUnlessAHostIsGiven() {
        assertThat(provider.createReceiver(Config.of("port", 9999)).description())
                .isEqualTo("socket localhost:9999");
        assertThat(provider.createReceiver(Config.of(Map.of("host", "example.org", "port", "7"))).description())
                .isEqualTo("socket example.org:7");
    }

    @Test
    void shouldReadTheLineLimitAsASize() {
        assertThat(SocketSettings.from(Config.of("port", 1)).maxLineLength()).isEqualTo(1 << 20);
        assertThat(SocketSettings.from(Config.of(Map.of("port", 1, "maxLineLength", "64k"))).maxLineLength())
                .isEqualTo(64 << 10);
    }

    @Test
    void shouldRequireAPortAndSayHowToGiveIt() {
        assertThatThrownBy(() -> provider.createReceiver(Config.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port=9999");
    }

    @Test
    void shouldRejectAPortOutOfRange() {
        assertThatThrownBy(() -> provider.createReceiver(Config.of("port", 70000)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("port must be between 1 and 65535, got 70000");
    }

    @Test
    void shouldRejectALineLimitOfZero() {
        assertThatThrownBy(() -> provider.createReceiver(Config.of(Map.of("port", 1, "maxLineLength", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("maxLineLength");
    }
}
