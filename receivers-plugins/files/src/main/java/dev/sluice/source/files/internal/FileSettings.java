package dev.sluice.source.files.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings of one file input stream, checked once when its source is made: the directory,
 * how files are read, and whether files already there at the start are read too. Settings named
 * {@code hadoop.<key>} go to Hadoop's configuration as {@code <key>}, e.g.
 * {@code hadoop.dfs.client.use.datanode.hostname=true}.
 */
record FileSettings(String directory, Format format, boolean newFilesOnly, int recordLength, int maxLineLength,
                    Class<?> inputFormat, Class<?> keyClass, Class<?> valueClass, Duration minRememberDuration,
                    FileChanges.Policy changedFiles, Map<String, String> hadoopProperties) {

    static final String DIRECTORY = "directory";
    static final String FORMAT = "format";
    static final String NEW_FILES_ONLY = "newFilesOnly";
    static final String RECORD_LENGTH = "recordLength";
    static final String MAX_LINE_LENGTH = "maxLineLength";
    /** As the socket source's: a line this long is data gone wrong (a binary file), not a line. */
    static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;
    static final String INPUT_FORMAT = "inputFormat";
    static final String KEY_CLASS = "keyClass";
    static final String VALUE_CLASS = "valueClass";
    static final String MIN_REMEMBER_DURATION = "minRememberDuration";
    static final String CHANGED_FILES = "changedFiles";
    static final String HADOOP_PREFIX = "hadoop.";

    /** How long selected files are remembered at least, so a file that arrives late is still read once. */
    static final Duration DEFAULT_MIN_REMEMBER_DURATION = Duration.ofSeconds(60);

    /** How the records of a file are made. */
    enum Format {
        /** UTF-8 lines, as {@code textFileStream}. */
        TEXT,
        /** Fixed-length byte records, as {@code binaryRecordsStream}. */
        BINARY,
        /** Key-value pairs from a Hadoop {@code InputFormat}, as {@code fileStream}. */
        INPUT_FORMAT,
        /** Elements of object files, as {@code saveAsObjectFiles} writes them. */
        OBJECT;

        static Format parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "text" -> TEXT;
                case "binary" -> BINARY;
                case "inputformat" -> INPUT_FORMAT;
                case "object" -> OBJECT;
                default -> throw new ConfigException(FORMAT + " must be text, binary, inputFormat or object, got '"
                        + text + "'");
            };
        }
    }

    static FileSettings from(Config config) {
        String directory = config.string(DIRECTORY, "").trim();
        if (directory.isEmpty()) {
            throw new ConfigException("the files source needs the directory to watch, e.g. directory=hdfs://namenode/logs"
                    + " or directory=/var/data/in");
        }
        Format format = Format.parse(config.string(FORMAT, "text"));
        boolean newFilesOnly = config.bool(NEW_FILES_ONLY, true);
        Duration remember = config.duration(MIN_REMEMBER_DURATION, DEFAULT_MIN_REMEMBER_DURATION);
        Map<String, String> hadoop = hadoopProperties(config);
        FileChanges.Policy changed = FileChanges.Policy.parse(config.string(CHANGED_FILES, "reread"));
        return switch (format) {
            case TEXT -> new FileSettings(directory, format, newFilesOnly, 0, maxLineLength(config), null, null, null,
                    remember, changed, hadoop);
            case OBJECT -> new FileSettings(directory, format, newFilesOnly, 0, 0, null, null, null, remember, changed,
                    hadoop);
            case BINARY -> new FileSettings(directory, format, newFilesOnly, recordLength(config), 0, null, null, null,
                    remember, changed, hadoop);
            case INPUT_FORMAT -> new FileSettings(directory, format, newFilesOnly, 0, 0, inputFormat(config),
                    requiredClass(config, KEY_CLASS), requiredClass(config, VALUE_CLASS), remember, changed, hadoop);
        };
    }

    private static Map<String, String> hadoopProperties(Config config) {
        var properties = new TreeMap<String, String>();
        config.asMap().forEach((key, value) -> {
            if (key.startsWith(HADOOP_PREFIX) && key.length() > HADOOP_PREFIX.length()) {
                properties.put(key.substring(HADOOP_PREFIX.length()), value);
            }
        });
        return Map.copyOf(properties);
    }

    private static int recordLength(Config config) {
        if (!config.has(RECORD_LENGTH)) {
            throw new ConfigException("binary records need their length in bytes, e.g. recordLength=16");
        }
        int length = config.integer(RECORD_LENGTH, 0);
        if (length <= 0) {
            throw new ConfigException(RECORD_LENGTH + " must be positive, got " + length);
        }
        return length;
    }

    private static int maxLineLength(Config config) {
        long length = config.size(MAX_LINE_LENGTH, DEFAULT_MAX_LINE_LENGTH);
        if (length < 1 || length > Integer.MAX_VALUE - 8) {
            throw new ConfigException(MAX_LINE_LENGTH + " must be between 1 and 2g, got " + length);
        }
        return (int) length;
    }

    private static Class<?> inputFormat(Config config) {
        Class<?> c = requiredClass(config, INPUT_FORMAT);
        if (!org.apache.hadoop.mapreduce.InputFormat.class.isAssignableFrom(c)
                && !org.apache.hadoop.mapred.InputFormat.class.isAssignableFrom(c)) {
            throw new ConfigException(INPUT_FORMAT + " must be a Hadoop InputFormat (org.apache.hadoop.mapreduce or"
                    + " org.apache.hadoop.mapred), got " + c.getName());
        }
        return c;
    }

    private static Class<?> requiredClass(Config config, String key) {
        return config.object(key, Class.class).orElseThrow(() -> new ConfigException(
                "fileStream needs the class object '" + key + "' (Config.withObject)"));
    }

    /** The remember window: at least one batch, a whole number of batches. */
    long rememberMillis(Duration batchInterval) {
        long interval = batchInterval.toMillis();
        long batches = Math.max(1, (minRememberDuration.toMillis() + interval - 1) / interval);
        return batches * interval;
    }
}
