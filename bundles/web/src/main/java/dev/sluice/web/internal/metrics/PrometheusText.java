package dev.sluice.web.internal.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.InputMetrics;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamMetrics;
import dev.sluice.api.management.StreamSummary;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The streams' figures in Prometheus's text format: one gauge family per {@link StreamFigure},
 * {@code sluice_streaming_<Spark's name>}, with a {@code stream} label per application, and the
 * inputs' rates and lags with an {@code input} label as well. Each
 * stream's figures are read once per scrape, so a family's values belong to the same moment.
 */
public final class PrometheusText {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    static final String PREFIX = "sluice_streaming_";
    static final String STREAM_LABEL = "stream";
    static final String INPUT_LABEL = "input";
    static final String INPUT_RATE = PREFIX + "input_recordsPerSecond";
    static final String INPUT_LAG = PREFIX + "input_lag";

    private final StreamManager streams;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public PrometheusText(StreamManager streams) {
        this.streams = streams;
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, snapshots());
    }

    MetricSnapshots snapshots() {
        var families = new EnumMap<StreamFigure, GaugeSnapshot.Builder>(StreamFigure.class);
        for (StreamFigure f : StreamFigure.values()) {
            families.put(f, GaugeSnapshot.builder().name(PREFIX + f.name()).help(f.description()));
        }
        var rates = GaugeSnapshot.builder().name(INPUT_RATE)
                .help("records per second an input brought in over the latest completed batches");
        var lags = GaugeSnapshot.builder().name(INPUT_LAG)
                .help("records waiting upstream of an input that no batch has taken (Kafka's lag)");
        for (StreamMetrics m : current()) {
            Labels labels = Labels.of(STREAM_LABEL, m.application());
            families.forEach((f, family) -> family.dataPoint(
                    GaugeDataPointSnapshot.builder().labels(labels).value(f.of(m)).build()));
            for (InputMetrics input : m.inputs()) {
                Labels inputLabels = Labels.of(STREAM_LABEL, m.application(), INPUT_LABEL, input.name());
                rates.dataPoint(GaugeDataPointSnapshot.builder().labels(inputLabels).value(input.recordsPerSecond())
                        .build());
                input.lag().ifPresent(lag -> lags.dataPoint(
                        GaugeDataPointSnapshot.builder().labels(inputLabels).value(lag).build()));
            }
        }
        List<MetricSnapshot> all = new ArrayList<>();
        families.values().forEach(b -> all.add(b.build()));
        all.add(rates.build());
        all.add(lags.build());
        return new MetricSnapshots(all);
    }

    private List<StreamMetrics> current() {
        var all = new ArrayList<StreamMetrics>();
        for (StreamSummary s : streams.list()) {
            try {
                all.add(streams.metrics(s.application()));
            } catch (SluiceException e) {
                // the application left between the list and the look-up: it has no figures any more
            }
        }
        return all;
    }
}
