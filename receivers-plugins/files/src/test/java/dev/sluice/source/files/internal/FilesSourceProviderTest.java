package dev.sluice.source.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.SourceType;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;

class FilesSourceProviderTest {

    private final FilesSourceProvider provider = new FilesSourceProvider();

    @Test
    void shouldBeFoundByServiceLoaderUnderTheTypeFiles() {
        var found = ServiceLoader.load(SourceProvider.class).stream()
                .filter(p -> p.type() == FilesSourceProvider.class)
                .findFirst();

        assertThat(found).isPresent();
        assertThat(found.get().type().getAnnotation(SourceType.class).value()).isEqualTo("files");
    }

    @Test
    void shouldMakeBatchSourcesNotReceivers() {
        assertThat(provider.createBatchSource(Config.of("directory", "/in")).description()).isEqualTo("files in /in");
        assertThatThrownBy(() -> provider.createReceiver(Config.of("directory", "/in")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldReadTextAndOnlyNewFilesUnlessToldOtherwise() {
        var settings = FileSettings.from(Config.of("directory", "/in"));

        assertThat(settings.format()).isEqualTo(FileSettings.Format.TEXT);
        assertThat(settings.newFilesOnly()).isTrue();
        assertThat(FileSettings.from(Config.of(Map.of("directory", "/in", "newFilesOnly", "false"))).newFilesOnly())
                .isFalse();
    }

    @Test
    void shouldRememberAWholeNumberOfBatchesAndAtLeastOne() {
        var settings = FileSettings.from(Config.of(Map.of("directory", "/in", "minRememberDuration", "2500ms")));

        assertThat(settings.rememberMillis(Duration.ofSeconds(1))).isEqualTo(3_000);
        assertThat(settings.rememberMillis(Duration.ofSeconds(10))).isEqualTo(10_000);
    }

    @Test
    void shouldRequireADirectoryAndSayHowToGiveIt() {
        assertThatThrownBy(() -> provider.createBatchSource(Config.of("format", "text")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("directory=");
    }

    @Test
    void shouldNameTheFormatsItKnows() {
        assertThatThrownBy(() -> provider.createBatchSource(Config.of(Map.of("directory", "/in", "format", "csv"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("format must be text, binary, inputFormat or object, got 'csv'");
    }

    @Test
    void shouldRequireAPositiveRecordLengthForBinaryRecords() {
        assertThatThrownBy(() -> provider.createBatchSource(Config.of(Map.of("directory", "/in", "format", "binary"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("recordLength=");
        assertThatThrownBy(() -> provider.createBatchSource(Config.of(Map.of("directory", "/in", "format", "binary",
                "recordLength", 0))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("recordLength must be positive, got 0");
    }

    @Test
    void shouldRequireAHadoopInputFormatAndTheRecordClassesForFileStreams() {
        Config base = Config.of(Map.of("directory", "/in", "format", "inputFormat"));

        assertThatThrownBy(() -> provider.createBatchSource(base.withObject("inputFormat", String.class)
                .withObject("keyClass", LongWritable.class).withObject("valueClass", Text.class)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be a Hadoop InputFormat", "java.lang.String");
        assertThatThrownBy(() -> provider.createBatchSource(base.withObject("inputFormat",
                org.apache.hadoop.mapreduce.lib.input.TextInputFormat.class).withObject("keyClass", LongWritable.class)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("valueClass");
    }
}
