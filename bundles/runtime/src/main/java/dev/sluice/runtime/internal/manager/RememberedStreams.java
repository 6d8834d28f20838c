package dev.sluice.runtime.internal.manager;

import dev.sluice.api.Config;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The applications started with {@code stream:start} and not stopped since, so that a container
 * restarted starts them again: one file per stream, {@code NAME.args}, with the arguments it was
 * started with, written whole under a temporary name and renamed. Only the container that owns the
 * home's data directory remembers (the launcher says where); elsewhere nothing is kept.
 */
public final class RememberedStreams {

    private static final String SUFFIX = ".args";
    private static final RememberedStreams NONE = new RememberedStreams(null);

    private final Path directory;

    private RememberedStreams(Path directory) {
        this.directory = directory;
    }

    /** Streams remembered in {@code directory}, made when first needed. */
    public static RememberedStreams in(Path directory) {
        return new RememberedStreams(directory);
    }

    /** A container that remembers nothing (bin/sluice run and exec, tests). */
    public static RememberedStreams none() {
        return NONE;
    }

    void remember(String stream, Config args) {
        if (directory == null) {
            return;
        }
        var properties = new Properties();
        new TreeMap<>(args.asMap()).forEach(properties::setProperty);
        Path file = fileOf(stream);
        Path temporary = directory.resolve("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                Writer out = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
                properties.store(out, "started with stream:start " + stream + "; stream:stop forgets it");
                out.flush();
                channel.force(true);
            }
            // a crash leaves the old file or the new one, never half of one
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
                folder.force(true); // and the rename itself survives a power cut
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remember stream " + stream + " in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    void forget(String stream) {
        if (directory == null) {
            return;
        }
        try {
            Files.deleteIfExists(fileOf(stream));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot forget stream " + stream + " in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** The arguments {@code stream} was started with, if it is remembered. */
    Optional<Config> recall(String stream) {
        Path file = directory == null ? null : fileOf(stream);
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        var args = new LinkedHashMap<String, String>();
        new TreeMap<>(properties).forEach((k, v) -> args.put(k.toString(), v.toString()));
        return Optional.of(Config.of(args));
    }

    private Path fileOf(String stream) {
        return directory.resolve(URLEncoder.encode(stream, StandardCharsets.UTF_8) + SUFFIX);
    }
}
