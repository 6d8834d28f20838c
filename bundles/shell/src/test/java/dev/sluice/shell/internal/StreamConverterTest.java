package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Map;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.api.management.StreamSummary;
import org.apache.felix.service.command.Converter;
import org.junit.jupiter.api.Test;

class StreamConverterTest {

    private final StreamConverter converter = new StreamConverter();
    private final StreamStatus running = new StreamStatus("network-word-count", StreamState.RUNNING, Map.of(),
            List.of(), 0, 0, List.of(), List.of(), Optional.empty());

    @Test
    void shouldShowTablesWhenGogoInspectsAResult() {
        var list = new StreamList(List.of(new StreamSummary("network-word-count", StreamState.STOPPED, "")));

        assertThat(converter.format(list, Converter.INSPECT, null).toString()).startsWith("APPLICATION");
        assertThat(converter.format(running, Converter.INSPECT, null).toString()).startsWith("application  network-word-count");
    }

    @Test
    void shouldShowOneLineWhereGogoWantsALine() {
        assertThat(converter.format(running, Converter.LINE, null)).isEqualTo("network-word-count RUNNING");
        assertThat(converter.format(new StatusReport(running, 5, java.util.Optional.empty()), Converter.PART, null)).isEqualTo("network-word-count RUNNING");
    }

    @Test
    void shouldLeaveOtherObjectsToOtherConverters() {
        assertThat(converter.format("text", Converter.INSPECT, null)).isNull();
        assertThat(converter.convert(StreamList.class, "x")).isNull();
    }
}
