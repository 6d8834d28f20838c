package dev.sluice.itests.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HDFS for the tests of one class: one name node and one data node on loopback, in a temporary
 * directory. Public for the group test kept in the process tests' package.
 */
public final class MiniDfs implements BeforeAllCallback, AfterAllCallback {

    private Path storage;
    private MiniDFSCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        storage = Files.createTempDirectory("sluice-minidfs");
        var conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, storage.toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        assertThat(cluster.getNameNode().getNameNodeAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.shutdown(true);
        }
        FileUtil.fullyDelete(storage.toFile());
    }

    public MiniDFSCluster cluster() {
        return cluster;
    }

    public FileSystem fileSystem() throws IOException {
        return cluster.getFileSystem();
    }
}
