package dev.sluice.source.files.internal;

import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The lines of each file as UTF-8 strings, one split per file, read as a stream. A file whose
 * name says it is compressed ({@code .gz}, {@code .bz2}, ...) is decompressed. Binary or broken
 * content is counted and reported per file, never fatal: lines over {@code maxLineLength} are
 * dropped, invalid UTF-8 becomes U+FFFD.
 */
final class TextLines implements RecordFormat<String> {

    private final FileSystem fs;
    private final CompressionCodecFactory codecs;
    private final BatchSourceContext context;
    private final int maxLineLength;

    TextLines(FileSystem fs, Configuration conf, BatchSourceContext context, int maxLineLength) {
        this.fs = fs;
        this.codecs = new CompressionCodecFactory(conf);
        this.context = context;
        this.maxLineLength = maxLineLength;
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
            var lines = new BoundedLines(maxLineLength);
            try (InputStream raw = fs.open(path);
                 InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
                lines.read(in, out);
            }
            if (lines.tooLong() > 0 || lines.malformed() > 0) {
                context.reportError(path + " is not all text: " + lines.tooLong() + " lines longer than maxLineLength ("
                        + maxLineLength + " bytes) dropped, " + lines.malformed() + " lines of invalid UTF-8 kept with"
                        + " U+FFFD in place of the bad bytes", null);
            }
        }

        @Override
        public String description() {
            return path.toString();
        }
    }
}
