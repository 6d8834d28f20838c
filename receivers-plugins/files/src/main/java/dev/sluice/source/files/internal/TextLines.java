package dev.sluice.source.files.internal;

import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The lines of each file as UTF-8 strings, one split per file, read as a stream. A file whose
 * name says it is compressed ({@code .gz}, {@code .bz2}, ...) is decompressed.
 */
final class TextLines implements RecordFormat<String> {

    private final FileSystem fs;
    private final CompressionCodecFactory codecs;
    private final BatchSourceContext context;

    TextLines(FileSystem fs, Configuration conf, BatchSourceContext context) {
        this.fs = fs;
        this.codecs = new CompressionCodecFactory(conf);
        this.context = context;
    }

    @Override
    public List<InputSplit<String>> splits(ListedFile file) {
        return List.of(new FileLines(file.path()));
    }

    private final class FileLines extends SkippingSplit<String> {

        private final Path path;

        FileLines(Path path) {
            super(context);
            this.path = path;
        }

        @Override
        void readRecords(Consumer<? super String> out) throws IOException {
            CompressionCodec codec = codecs.getCodec(path);
            try (InputStream raw = fs.open(path);
                 InputStream in = codec == null ? raw : codec.createInputStream(raw);
                 var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.accept(line);
                }
            }
        }

        @Override
        public String description() {
            return path.toString();
        }
    }
}
