package dev.sluice.api;

import java.util.Map;

/**
 * The settings every file output's sink receives: {@code prefix} and, if given, {@code suffix};
 * each batch is written as {@code prefix-TIME_IN_MS[.suffix]}. Other settings a file sink takes,
 * such as {@code filesPerBatch}, go in {@link DStream#to}'s config or the context's settings
 * ({@code output.filesPerBatch}).
 */
public final class FileOutput {

    public static final String PREFIX = "prefix";
    public static final String SUFFIX = "suffix";

    private FileOutput() {
    }

    /** The config of a file output; a blank prefix is refused when the graph is built. */
    public static Config config(String prefix, String suffix) {
        if (prefix == null || prefix.isBlank()) {
            throw new InvalidGraphException("a file output needs a prefix, e.g. hdfs://namenode/out/counts"
                    + " or /tmp/counts; got '" + prefix + "'");
        }
        return suffix == null || suffix.isEmpty() ? Config.of(PREFIX, prefix)
                : Config.of(Map.of(PREFIX, prefix, SUFFIX, suffix));
    }

    /** The name of the batch at {@code time}: {@code prefix-TIME_IN_MS[.suffix]}, as the spec names it. */
    public static String batchName(String prefix, String suffix, Time time) {
        return prefix + "-" + time.millis() + (suffix == null || suffix.isEmpty() ? "" : "." + suffix);
    }
}
