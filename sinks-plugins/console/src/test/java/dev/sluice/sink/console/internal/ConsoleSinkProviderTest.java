package dev.sluice.sink.console.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.Time;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SinkType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConsoleSinkProviderTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsoleSinkProvider provider = new ConsoleSinkProvider(() -> new PrintStream(bytes, true, UTF_8));
    private final ListDataset<Integer> twelve = new ListDataset<>(IntStream.range(0, 12).boxed().toList());

    @Test
    void shouldBeFoundByServiceLoaderUnderTheTypeConsole() {
        var found = ServiceLoader.load(SinkProvider.class).stream()
                .filter(p -> p.type() == ConsoleSinkProvider.class)
                .findFirst();

        assertThat(found).isPresent();
        assertThat(found.get().type().getAnnotation(SinkType.class).value()).isEqualTo("console");
    }

    @Test
    void shouldPrintTenElementsUnlessNumIsGiven() throws Exception {
        provider.<Integer>createSink(Config.empty()).write(twelve.dataset, Time.of(1000));
        provider.<Integer>createSink(Config.of("num", 3)).write(twelve.dataset, Time.of(2000));

        assertThat(twelve.takes).as("one more than it prints").isEqualTo(List.of(11, 4));
        assertThat(bytes.toString(UTF_8)).contains("\n9\n...\n\n").contains("\n2\n...\n\n").doesNotContain("\n10\n");
    }

    @Test
    void shouldRejectANegativeNum() {
        assertThatThrownBy(() -> provider.createSink(Config.of("num", -1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num");
    }
}
