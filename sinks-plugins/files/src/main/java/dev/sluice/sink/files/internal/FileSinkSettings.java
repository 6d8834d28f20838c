package dev.sluice.sink.files.internal;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.FileOutput;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings every file sink takes: where batches go ({@code prefix}, optional {@code suffix}),
 * at most how many part files a batch has ({@code filesPerBatch}, 0 for one per partition), and
 * Hadoop properties as {@code hadoop.<key>}, e.g. {@code hadoop.dfs.replication=2}.
 */
record FileSinkSettings(String prefix, String suffix, int filesPerBatch, Map<String, String> hadoopProperties) {

    static final String FILES_PER_BATCH = "filesPerBatch";
    static final String HADOOP_PREFIX = "hadoop.";

    static FileSinkSettings from(Config config, String type) {
        String prefix = config.string(FileOutput.PREFIX, "").trim();
        if (prefix.isEmpty()) {
            throw new ConfigException("the " + type + " sink needs a prefix for its batch directories, e.g."
                    + " prefix=hdfs://namenode/out/counts or prefix=/tmp/counts");
        }
        int filesPerBatch = config.integer(FILES_PER_BATCH, 0);
        if (filesPerBatch < 0) {
            throw new ConfigException(FILES_PER_BATCH + " is the most part files a batch is written to (0 for one per"
                    + " partition) and cannot be negative, got " + filesPerBatch);
        }
        String suffix = config.string(FileOutput.SUFFIX, "");
        return new FileSinkSettings(prefix, suffix.isEmpty() ? null : suffix, filesPerBatch, hadoopProperties(config));
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
}
