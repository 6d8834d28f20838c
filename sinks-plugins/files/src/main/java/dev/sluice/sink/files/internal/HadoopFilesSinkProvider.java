package dev.sluice.sink.files.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.PairDStream;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SinkType;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Sink type {@code hadoop-files} ({@code saveAsHadoopFiles}, {@code saveAsNewAPIHadoopFiles}):
 * each batch a directory of part files of a PairDStream's pairs. With no {@code api}, SequenceFiles
 * of Writables ({@link SequencePart}); with {@code api=mapred} or {@code api=mapreduce}, the
 * config objects {@code outputFormat}, {@code keyClass} and {@code valueClass} say which Hadoop
 * OutputFormat writes the parts and as what. Public with a no-argument constructor for
 * {@link java.util.ServiceLoader} as well as DS.
 */
@Component(service = SinkProvider.class)
@SinkType(PairDStream.HADOOP_FILES)
public class HadoopFilesSinkProvider implements SinkProvider {

    static final String API = "api";
    static final String OUTPUT_FORMAT = "outputFormat";
    static final String KEY_CLASS = "keyClass";
    static final String VALUE_CLASS = "valueClass";

    @Override
    @SuppressWarnings("unchecked")
    public <T> Sink<T> createSink(Config config) {
        String api = config.string(API, "");
        PartFormat<Object> part;
        DeclaredOutput declared = null;
        switch (api) {
            case "" -> part = new SequencePart();
            case "mapred" -> {
                declared = declared(config, org.apache.hadoop.mapred.OutputFormat.class);
                part = new OldApiPart(declared);
            }
            case "mapreduce" -> {
                declared = declared(config, org.apache.hadoop.mapreduce.OutputFormat.class);
                part = new NewApiPart(declared);
            }
            default -> throw new ConfigException(API + " is the Hadoop API of the output format, mapred or mapreduce"
                    + " (none for SequenceFiles of Writables), got '" + api + "'");
        }
        List<Class<?>> named = declared == null ? List.of()
                : List.of(declared.outputFormat(), declared.keyClass(), declared.valueClass());
        return (Sink<T>) FileBatchSink.create(PairDStream.HADOOP_FILES, config, part, named);
    }

    private static DeclaredOutput declared(Config config, Class<?> formatType) {
        Class<?> format = required(config, OUTPUT_FORMAT);
        if (!formatType.isAssignableFrom(format)) {
            throw new ConfigException(OUTPUT_FORMAT + " must be a " + formatType.getName() + " for " + API + "="
                    + config.string(API, "") + ", got " + format.getName()
                    + (formatType.getName().contains("mapred.") ? "; use saveAsNewAPIHadoopFiles for a mapreduce format"
                            : "; use saveAsHadoopFiles for a mapred format"));
        }
        return new DeclaredOutput(format, required(config, KEY_CLASS), required(config, VALUE_CLASS));
    }

    private static Class<?> required(Config config, String key) {
        return config.object(key, Class.class).orElseThrow(() -> new ConfigException(
                "hadoop-files with " + API + "=" + config.string(API, "") + " needs the class object '" + key
                        + "' (Config.withObject), as saveAsHadoopFiles(prefix, suffix, keyClass, valueClass,"
                        + " outputFormat) gives it"));
    }
}
