package dev.sluice.itests.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the logs of a failed test's containers: before JUnit deletes the test's {@code @TempDir},
 * every {@code .log} file in it (each member's {@code output.log}, a run's log; not Kafka's segment
 * files) is copied to {@code target/failed-runs/CLASS.METHOD-TIME/}, keeping its path under the
 * directory, so that a failure seen once on a busy machine can still be read afterwards.
 */
public final class FailedRunLogs implements AfterTestExecutionCallback {

    /** Kafka's log segments are logs too, named by their base offset: not a container's. */
    private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.log");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        Path kept = Path.of(System.getProperty("sluice.failedRuns", "target/failed-runs")).resolve(
                context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                        + "-" + LocalDateTime.now().format(STAMP));
        int copied = 0;
        for (Path root : tempDirs(context.getRequiredTestInstance())) {
            copied += copyLogs(root, kept);
        }
        if (copied > 0) {
            System.out.println(context.getDisplayName() + " failed: " + copied + " logs of its run kept in "
                    + kept.toAbsolutePath());
        }
    }

    private static List<Path> tempDirs(Object test) throws IllegalAccessException {
        var dirs = new ArrayList<Path>();
        for (Class<?> c = test.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(TempDir.class) && f.getType() == Path.class) {
                    f.setAccessible(true);
                    Path dir = (Path) f.get(test);
                    if (dir != null) {
                        dirs.add(dir);
                    }
                }
            }
        }
        return dirs;
    }

    private static int copyLogs(Path root, Path kept) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> logs;
        try (Stream<Path> files = Files.walk(root)) {
            logs = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".log"))
                    .filter(f -> !SEGMENT.matcher(f.getFileName().toString()).matches())
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a file vanished while walking: say which
        }
        for (Path log : logs) {
            Path target = kept.resolve(root.relativize(log).toString());
            Files.createDirectories(target.getParent());
            Files.copy(log, target);
        }
        return logs.size();
    }
}
