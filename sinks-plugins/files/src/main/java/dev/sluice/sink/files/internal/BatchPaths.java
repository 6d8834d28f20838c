package dev.sluice.sink.files.internal;

import dev.sluice.api.FileOutput;
import dev.sluice.api.Time;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * The names of one prefix's batch directories, {@code prefix-TIME_IN_MS[.suffix]}, and of the
 * hidden directories next to them while a batch is written or replaced:
 * <ul>
 *   <li>{@code .NAME._temporary-UUID}: an attempt being written;</li>
 *   <li>{@code .NAME._replaced-UUID}: the previous attempt of a batch written again, moved aside.</li>
 * </ul>
 * The leading dot hides them from Hadoop's input formats and Sluice's file sources, which skip
 * names starting with {@code .} or {@code _}.
 */
final class BatchPaths {

    static final String ATTEMPT = "_temporary";
    static final String REPLACED = "_replaced";

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final Path parent;
    private final String baseName;
    private final String suffix;
    private final Pattern hidden;

    /** {@code prefix} qualified with its file system, e.g. {@code file:/tmp/out/counts}. */
    BatchPaths(Path prefix, String suffix) {
        this.parent = prefix.getParent();
        this.baseName = prefix.getName();
        this.suffix = suffix;
        String dottedSuffix = suffix == null ? "" : Pattern.quote("." + suffix);
        this.hidden = Pattern.compile("\\.(" + Pattern.quote(baseName) + "-\\d+" + dottedSuffix + ")\\.("
                + ATTEMPT + "|" + REPLACED + ")-" + UUID_PATTERN);
    }

    Path parent() {
        return parent;
    }

    Path target(Time time) {
        return new Path(parent, FileOutput.batchName(baseName, suffix, time));
    }

    Path newAttempt(Time time) {
        return hidden(time, ATTEMPT);
    }

    Path newAside(Time time) {
        return hidden(time, REPLACED);
    }

    private Path hidden(Time time, String kind) {
        return new Path(parent, "." + FileOutput.batchName(baseName, suffix, time) + "." + kind + "-" + UUID.randomUUID());
    }

    /** A hidden directory of this prefix left next to its batch directory {@code target}. */
    record Leftover(Path path, Path target, boolean isAttempt) {
    }

    /** What {@code path} is, if it is an attempt or a replaced batch of this prefix. */
    Optional<Leftover> leftover(Path path) {
        var m = hidden.matcher(path.getName());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Leftover(path, new Path(path.getParent(), m.group(1)), m.group(2).equals(ATTEMPT)));
    }
}
