package dev.sluice.examples.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.DStream;
import dev.sluice.api.Pair;
import dev.sluice.api.PairDStream;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.spi.ApplicationName;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Counts the words of the files that appear in a directory, every batch: the spec's
 * {@code textFileStream} example. Start it with
 * {@code stream:start file-word-count dir=/data/in out=/data/counts}; move files into the directory
 * atomically (write elsewhere, then rename). Each batch's counts go to {@code out-TIME_IN_MS}, or are
 * printed when no {@code out} is given.
 */
@Component(service = StreamingApplication.class)
@ApplicationName(FileWordCountApplication.NAME)
public class FileWordCountApplication implements StreamingApplication {

    static final String NAME = "file-word-count";
    static final String DIR = "dir";
    static final String OUT = "out";

    @Override
    public void define(StreamingContext ssc, Config args) {
        String dir = args.get(DIR).filter(d -> !d.isBlank()).orElseThrow(() -> new ConfigException(
                NAME + " needs the directory to watch, e.g. dir=/data/in or dir=hdfs://namenode:8020/in"));
        DStream<String> lines = ssc.textFileStream(dir);

        DStream<String> words = lines.flatMap(l -> Arrays.asList(l.split(" ")));
        PairDStream<String, Integer> wordCounts = words.filter(w -> !w.isEmpty())
                .mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum);
        args.get(OUT).filter(o -> !o.isBlank()).ifPresentOrElse(wordCounts::saveAsTextFiles, wordCounts::print);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of(DIR, null, "the directory whose new files are counted (a path, file: or hdfs: URI)"),
                Parameter.of(OUT, null, "prefix of the batch directories the counts go to (default: print them)"));
    }

    @Override
    public String description() {
        return "counts the words of the files that appear in a directory (the spec's textFileStream example)";
    }
}
