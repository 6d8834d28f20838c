package dev.sluice.sink.files.internal;

import dev.sluice.hadoop.HadoopCalls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.Pair;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.SequenceFileOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key class that Hadoop's class loader cannot see, as an application bundle's Writable is in
 * the container: Hadoop loads the job's key class by name, so the sink's configuration must look
 * in the loader of the class the output names as well.
 */
class ApplicationWritableTest {

    private static final String KEY_CLASS = "app.SensorKey";

    @TempDir
    Path dir;

    @Test
    void shouldWriteASequenceFileWhoseKeyClassOnlyTheApplicationsLoaderKnows() throws Exception {
        Class<?> sensorKey = compileApplicationClass();
        Object key = sensorKey.getConstructor(String.class).newInstance("sensor-7");
        Sink<Pair<Object, Integer>> sink = new HadoopFilesSinkProvider().createSink(Config.of("prefix", dir.resolve("keys"))
                .with("api", "mapred").withObject("keyClass", sensorKey).withObject("valueClass", IntWritable.class)
                .withObject("outputFormat", SequenceFileOutputFormat.class));

        sink.write(Batches.of(List.of(Pair.of(key, 42)), 1), Time.of(1000));

        var conf = new Configuration();
        conf.setClassLoader(sensorKey.getClassLoader());
        try (var reader = new SequenceFile.Reader(conf, SequenceFile.Reader.file(
                new org.apache.hadoop.fs.Path(dir.resolve("keys-1000/part-00000").toUri())))) {
            assertThat(reader.getKeyClassName()).isEqualTo(KEY_CLASS);
            var readKey = (Text) sensorKey.getConstructor().newInstance();
            var value = new IntWritable();
            assertThat(reader.next(readKey, value)).isTrue();
            assertThat(readKey.toString()).isEqualTo("sensor-7");
            assertThat(value.get()).isEqualTo(42);
        }
    }

    /** Compiles a Text subclass into a directory of its own, loaded by a child of this test's loader. */
    private Class<?> compileApplicationClass() throws Exception {
        Path source = Files.createDirectories(dir.resolve("src/app")).resolve("SensorKey.java");
        Files.writeString(source, """
                package app;
                public class SensorKey extends org.apache.hadoop.io.Text {
                    public SensorKey() {}
                    public SensorKey(String s) { super(s); }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(status).as("javac exit status").isZero();
        var loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        Class<?> c = loader.loadClass(KEY_CLASS);
        assertThat(HadoopCalls.LOADER.getResource("app/SensorKey.class")).as("hidden from Hadoop's loader").isNull();
        return c;
    }
}
