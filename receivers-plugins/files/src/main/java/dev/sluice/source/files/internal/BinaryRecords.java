package dev.sluice.source.files.internal;

import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Each file cut into records of exactly {@code recordLength} bytes, one split per file. Bytes
 * left over at the end, too few for a record, are reported and left out.
 */
final class BinaryRecords implements RecordFormat<byte[]> {

    private final FileSystem fs;
    private final int recordLength;
    private final BatchSourceContext context;

    BinaryRecords(FileSystem fs, int recordLength, BatchSourceContext context) {
        this.fs = fs;
        this.recordLength = recordLength;
        this.context = context;
    }

    @Override
    public List<InputSplit<byte[]>> splits(ListedFile file) {
        return List.of(new FileRecords(file.path()));
    }

    private final class FileRecords extends SkippingSplit<byte[]> {

        private final Path path;

        FileRecords(Path path) {
            super(context);
            this.path = path;
        }

        @Override
        void readRecords(Consumer<? super byte[]> out) throws IOException {
            long length = 0;
            try (InputStream in = fs.open(path)) {
                byte[] record = in.readNBytes(recordLength);
                while (record.length == recordLength) {
                    length += recordLength;
                    out.accept(record);
                    record = in.readNBytes(recordLength);
                }
                length += record.length;
            }
            if (length % recordLength != 0) {
                context.reportError(path + " is " + length + " bytes long, not a multiple of the record length "
                        + recordLength + ": its last " + length % recordLength + " bytes are left out", null);
            }
        }

        @Override
        public String description() {
            return path.toString();
        }
    }
}
