package dev.sluice.runtime.internal.storage;

import dev.sluice.runtime.internal.time.ManualClock;
import org.apache.hadoop.fs.Path;

/**
 * A process that appends to a write-ahead log and exits: {@code WriteAheadLogWriter DIRECTORY COUNT}
 * appends COUNT blocks of one byte each (0, 1, ...), rolling to a new file every second block.
 */
public final class WriteAheadLogWriter {

    private WriteAheadLogWriter() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        var clock = new ManualClock(0);
        var fs = HadoopFiles.open(args[0]);
        try (var log = new ReceivedBlockLog(fs, new Path(args[0], "receivedData/lines"), 1000, clock)) {
            for (int i = 0; i < count; i++) {
                log.append(new byte[] {(byte) i});
                clock.advance(500);
            }
        } finally {
            HadoopFiles.close(fs, args[0]);
        }
        System.out.println("appended " + count);
    }
}
