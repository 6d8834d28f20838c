package dev.sluice.sink.files.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a reader of the local file system sees under an output's parent directory. */
final class BatchDirectory {

    private BatchDirectory() {
    }

    /** Names in {@code dir} a reader takes as data: not starting with '.' or '_'. */
    static List<String> visible(Path dir) throws IOException {
        return names(dir).stream().filter(n -> !n.startsWith(".") && !n.startsWith("_")).toList();
    }

    /** Names in {@code dir} starting with '.' or '_' (attempts, replaced batches, checksums, markers). */
    static List<String> hidden(Path dir) throws IOException {
        return names(dir).stream().filter(n -> n.startsWith(".") || n.startsWith("_")).toList();
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The lines of every part file of a batch directory, part by part. */
    static List<List<String>> partLines(Path batchDir) throws IOException {
        var parts = new ArrayList<List<String>>();
        for (String name : visible(batchDir)) {
            parts.add(Files.readAllLines(batchDir.resolve(name), UTF_8));
        }
        return parts;
    }
}
