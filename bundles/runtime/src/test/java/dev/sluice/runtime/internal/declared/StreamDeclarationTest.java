package dev.sluice.runtime.internal.declared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamDeclarationTest {

    private static Map<String, Object> wordCount() {
        var p = new LinkedHashMap<String, Object>();
        p.put("source", "socket");
        p.put("source.port", "9999");
        p.put("stages", "words, counts");
        p.put("stage.words", "split-words");
        p.put("stage.counts", "count-by-value");
        p.put("stage.counts.window", "30s");
        p.put("outputs", "print");
        p.put("sink.print", "console");
        p.put("sink.print.num", "20");
        p.put("batch", "500ms");
        p.put("service.pid", "dev.sluice.stream.1234");
        p.put("felix.fileinstall.filename", "file:/etc/dev.sluice.stream-wc.cfg");
        return p;
    }

    @Test
    void shouldReadTheSourceTheStagesInOrderTheOutputsAndTheContextKeys() {
        var d = StreamDeclaration.parse("wc.cfg", "wc", wordCount());
        assertThat(d.name()).isEqualTo("wc");
        assertThat(d.source()).isEqualTo("socket");
        assertThat(d.sourceConfig()).isEqualTo(Config.of("port", "9999"));
        assertThat(d.stages()).containsExactly(
                new StreamDeclaration.Stage("words", "split-words", Config.empty()),
                new StreamDeclaration.Stage("counts", "count-by-value", Config.of("window", "30s")));
        assertThat(d.outputs()).containsExactly(new StreamDeclaration.Output("print", "console", Config.of("num", "20")));
        assertThat(d.contextArgs()).isEqualTo(Config.of("batch", "500ms"));
    }

    @Test
    void shouldTakeItsNameFromTheFileUnlessItGivesOne() {
        var p = wordCount();
        p.put("name", "words-per-window");
        assertThat(StreamDeclaration.parse("wc.cfg", "wc", p).name()).isEqualTo("words-per-window");
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingTheFileAndTheValidKeys() {
        var p = wordCount();
        p.put("batchInterval", "1s");
        assertThatThrownBy(() -> StreamDeclaration.parse("wc.cfg", "wc", p)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("wc.cfg: batchInterval is not a key of a declared stream; did you mean"
                        + " blockInterval? (valid keys: ")
                .hasMessageContaining("batch, ").hasMessageContaining("stage.NAME.KEY");
    }

    @Test
    void shouldRefuseStagesAndOutputsThatAreDefinedButNotListedOrListedButNotDefined() {
        var extra = wordCount();
        extra.put("stage.upper", "lowercase");
        assertThatThrownBy(() -> StreamDeclaration.parse("wc.cfg", "wc", extra))
                .hasMessage("wc.cfg: stage.upper names a stage that is not in stages (words, counts); add it there"
                        + " or remove the key");
        var missing = wordCount();
        missing.put("outputs", "print, save");
        assertThatThrownBy(() -> StreamDeclaration.parse("wc.cfg", "wc", missing))
                .hasMessage("wc.cfg: sink.save is missing: the sink type of output save");
    }

    @Test
    void shouldRefuseAFileWithoutSourceOrOutputs() {
        var noSource = wordCount();
        noSource.remove("source");
        assertThatThrownBy(() -> StreamDeclaration.parse("wc.cfg", "wc", noSource))
                .hasMessage("wc.cfg: source is missing: the source plugin's type, e.g. source = socket");
        var noOutputs = wordCount();
        noOutputs.remove("outputs");
        noOutputs.remove("sink.print");
        noOutputs.remove("sink.print.num");
        assertThatThrownBy(() -> StreamDeclaration.parse("wc.cfg", "wc", noOutputs))
                .hasMessageStartingWith("wc.cfg: outputs is missing");
    }

    @Test
    void shouldRefuseABadContextValueNamingTheFile() {
        var p = wordCount();
        p.put("batch", "soon");
        assertThatThrownBy(() -> StreamDeclaration.parse("wc.cfg", "wc", p)).isInstanceOf(ConfigException.class)
                .hasMessage("wc.cfg: batch must be a duration such as 500ms, 1s or 2m, got 'soon'");
    }
}
