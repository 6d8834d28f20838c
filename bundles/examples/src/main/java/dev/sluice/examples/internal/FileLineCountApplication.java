package dev.sluice.examples.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.spi.ApplicationName;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * The spec's driver-failure example: each batch counts the lines of the files that appeared in a
 * directory and saves the count to {@code out-TIME_IN_MS}; the running total of all lines so far
 * (a stateful operator named {@value #TOTAL}) goes to {@code out-TIME_IN_MS.total}. With
 * {@code checkpoint=DIR} a restart after a crash recovers: every batch that was pending or fell
 * due while it was down runs for its own time, and the total goes on from where it was.
 * <pre>
 * sluice run file-line-count dir=/data/in out=/data/counts checkpoint=/data/ckpt batch=1s
 * </pre>
 */
@Component(service = StreamingApplication.class)
@ApplicationName(FileLineCountApplication.NAME)
public class FileLineCountApplication implements StreamingApplication {

    static final String NAME = "file-line-count";
    static final String DIR = "dir";
    static final String OUT = "out";
    /** The name the running total's state is checkpointed under. */
    static final String TOTAL = "total";

    @Override
    public void define(StreamingContext ssc, Config args) {
        String dir = args.get(DIR).filter(d -> !d.isBlank()).orElseThrow(() -> new ConfigException(
                NAME + " needs the directory to watch, e.g. dir=/data/in or dir=hdfs://namenode:8020/in"));
        DStream<Long> counts = ssc.textFileStream(dir).count();
        DStream<Long> totals = counts.mapToPair(n -> Pair.of(TOTAL, n))
                .<Long>updateStateByKey((added, total) -> Optional.of(total.orElse(0L)
                        + added.stream().mapToLong(Long::longValue).sum()))
                .name(TOTAL)
                .map(Pair::value);
        Optional<String> out = args.get(OUT).filter(o -> !o.isBlank());
        if (out.isPresent()) {
            counts.saveAsTextFiles(out.get());
            totals.saveAsTextFiles(out.get(), TOTAL);
        } else {
            counts.print();
            totals.print();
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of(DIR, null, "the directory whose new files' lines are counted (a path, file: or"
                        + " hdfs: URI)"),
                Parameter.of(OUT, null, "prefix of the batch directories: the count goes to out-TIME, the running total"
                        + " to out-TIME.total (default: print them)"));
    }

    @Override
    public String description() {
        return "counts the lines of the files that appear in a directory, and their running total; with"
                + " checkpoint=DIR it recovers after a crash (the spec's driver-failure example)";
    }
}
