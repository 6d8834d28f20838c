package dev.sluice.runtime.internal.declared;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.api.Config;
import dev.sluice.api.spi.Sink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UninstalledPluginExceptionTest {

    /** Installed: the socket source, the split-words and count-by-value operators, and the sinks given. */
    private record Installed(List<String> sinks) implements Plugins {

        @Override
        public Optional<SourceProvider> source(String type) {
            return type.equals("socket") ? Optional.of(new SourceProvider() { }) : Optional.empty();
        }

        @Override
        public Optional<OperatorProvider> operator(String type) {
            return List.of("split-words", "count-by-value").contains(type)
                    ? Optional.of((stream, config) -> stream) : Optional.empty();
        }

        @Override
        public Optional<SinkProvider> sink(String type) {
            return sinks.contains(type) ? Optional.of(new SinkProvider() {
                @Override
                public <T> Sink<T> createSink(Config config) {
                    return (batch, time) -> { };
                }
            }) : Optional.empty();
        }

        @Override
        public List<PluginDescription> describe() {
            var all = new ArrayList<>(List.of(new PluginDescription("source", "socket", "test"),
                    new PluginDescription("operator", "split-words", "test"),
                    new PluginDescription("operator", "count-by-value", "test")));
            sinks.forEach(t -> all.add(new PluginDescription("sink", t, "test")));
            return all;
        }

        @Override
        public Collection<Object> all() {
            return List.of();
        }
    }

    private static final Plugins INSTALLED = new Installed(List.of());

    private static StreamDeclaration declaring(String counts, String sink) {
        return StreamDeclaration.parse("etc/wc.cfg", "wc", Map.of("source", "socket", "stages", "words, counts",
                "stage.words", "split-words", "stage.counts", counts, "outputs", "print", "sink.print", sink));
    }

    @Test
    void shouldNameTheFileTheKeyTheClosestTypeAndTheInstalledOnes() {
        assertThatThrownBy(() -> UninstalledPluginException.requireInstalled(declaring("count-by-valu", "console"),
                "etc/wc.cfg", INSTALLED))
                .isInstanceOf(UninstalledPluginException.class)
                .hasMessage("etc/wc.cfg: stage.counts names operator plugin 'count-by-valu', which is not installed;"
                        + " did you mean count-by-value? (installed operators: count-by-value, split-words);"
                        + " correct the type or deploy the plugin, and the stream starts");
    }

    @Test
    void shouldCheckTheOutputsToo() {
        assertThatThrownBy(() -> UninstalledPluginException.requireInstalled(declaring("count-by-value", "console"),
                "etc/wc.cfg", INSTALLED))
                .hasMessageStartingWith("etc/wc.cfg: sink.print names sink plugin 'console', which is not installed"
                        + " (installed sinks: none)");
    }

    @Test
    void shouldAcceptADeclarationWhosePluginsAreAllInstalled() {
        assertThatCode(() -> UninstalledPluginException.requireInstalled(declaring("count-by-value", "console"),
                "etc/wc.cfg", new Installed(List.of("console")))).doesNotThrowAnyException();
    }
}
