package dev.sluice.runtime.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopFilesTest {

    @TempDir
    Path dir;

    /** A SIGTERM's graceful stop still writes through it; itests/hdfs's HdfsStateSnapshotsIT stops a container so. */
    @Test
    void shouldLeaveClosingItsFileSystemsToSluiceWhenTheJvmExits() throws Exception {
        FileSystem fs = HadoopFiles.open(dir.toString());
        try {
            assertThat(fs.getConf().getBoolean(CommonConfigurationKeysPublic.FS_AUTOMATIC_CLOSE_KEY, true)).isFalse();
        } finally {
            HadoopFiles.close(fs, dir);
        }
    }
}
