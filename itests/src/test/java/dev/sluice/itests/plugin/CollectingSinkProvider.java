package dev.sluice.itests.plugin;

import dev.sluice.api.Config;
import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A third-party sink plugin, shipped as a bundle of its own by {@code CustomSinkPluginIT}: writes
 * each non-empty batch to {@code dir/TIME.txt}, one element per line (written aside, then moved in).
 */
public final class CollectingSinkProvider implements SinkProvider {

    @Override
    public <T> Sink<T> createSink(Config config) {
        Path dir = Path.of(config.string("dir"));
        return (Dataset<T> batch, Time time) -> {
            var text = new StringBuilder();
            batch.collect().forEach(e -> text.append(e).append('\n'));
            if (text.length() > 0) {
                write(dir, time.millis() + ".txt", text.toString());
            }
        };
    }

    private static void write(Path dir, String name, String text) {
        try {
            Path staged = Files.writeString(dir.resolve("." + name), text, StandardCharsets.UTF_8);
            Files.move(staged, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
