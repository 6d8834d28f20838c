package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.Dataset;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.spi.RecordCodec;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.runtime.internal.serial.UnregisteredTypeException;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecordCodecForPluginsTest {

    record Reading(String sensor, int value) {
    }

    record Unregistered(int x) {
    }

    @Test
    void aSinkIsLentTheRuntimesCodecWithTheApplicationsRegisteredTypes() {
        var codec = new AtomicReference<RecordCodec>();
        SinkProvider encoding = new SinkProvider() {
            @Override
            public <T> Sink<T> createSink(Config config) {
                codec.set(config.object(RecordCodec.CONFIG_KEY, RecordCodec.class).orElseThrow());
                return (Dataset<T> batch, Time time) -> { };
            }
        };
        var settings = StreamingSettings.of("local[1]", "codec", Duration.ofSeconds(1));
        try (var kit = new StreamTestKit(settings, StreamTestKit.plugins(Map.of(), Map.of("encoding", encoding)))) {
            kit.context().registerRecordTypes(Reading.class);
            kit.<Integer>input().stream().to("encoding", Config.empty());
            kit.start();
        }

        List<Object> records = List.of(new Reading("s", 1), Pair.of("k", 2L), "text");
        assertThat(codec.get().format()).isEqualTo("sluice-kryo-1");
        assertThat(codec.get().decode(codec.get().encode(records))).isEqualTo(records);
        assertThatThrownBy(() -> codec.get().encode(List.of(new Unregistered(1))))
                .isInstanceOf(UnregisteredTypeException.class).hasMessageContaining(Unregistered.class.getName());
    }
}
