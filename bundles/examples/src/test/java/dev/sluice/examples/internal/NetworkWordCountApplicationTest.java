package dev.sluice.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.Pair;
import dev.sluice.api.spi.Parameter;
import org.junit.jupiter.api.Test;

class NetworkWordCountApplicationTest {

    private final RecordingContext recorder = new RecordingContext();
    private final NetworkWordCountApplication app = new NetworkWordCountApplication();

    @Test
    void shouldReadLinesFromTheHostAndPortGiven() {
        app.define(recorder.context(), Config.parse(List.of("host=example.org", "port=7777")));

        assertThat(recorder.call("socketTextStream").arguments()).containsExactly("example.org", 7777);
    }

    @Test
    void shouldDefaultToTheDeclaredParameters() {
        app.define(recorder.context(), Config.empty());

        assertThat(app.parameters()).extracting(Parameter::key, Parameter::defaultValue)
                .containsExactly(tuple("host", "localhost"),
                        tuple("port", "9999"));
        assertThat(recorder.call("socketTextStream").arguments()).containsExactly("localhost", 9999);
    }

    @Test
    void shouldBuildTheSpecsGraphSplitCountSumPrint() {
        app.define(recorder.context(), Config.empty());

        assertThat(recorder.calls).extracting(RecordingContext.Call::operation)
                .containsExactly("socketTextStream", "flatMap", "mapToPair", "reduceByKey", "print");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCountEachWordOnceAndSumTheCounts() {
        app.define(recorder.context(), Config.empty());

        var split = (Function<String, Iterable<String>>) recorder.call("flatMap").arguments().get(0);
        var pair = (Function<String, Pair<String, Integer>>) recorder.call("mapToPair").arguments().get(0);
        var sum = (BinaryOperator<Integer>) recorder.call("reduceByKey").arguments().get(0);

        assertThat(split.apply("hello world hello")).containsExactly("hello", "world", "hello");
        assertThat(pair.apply("hello")).isEqualTo(Pair.of("hello", 1));
        assertThat(sum.apply(2, 3)).isEqualTo(5);
    }

    @Test
    void shouldRejectAPortOutsideTheTcpRange() {
        assertThatThrownBy(() -> app.define(recorder.context(), Config.of("port", 70000)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("port must be between 1 and 65535, got 70000");
    }

    @Test
    void shouldRejectAPortThatIsNotANumber() {
        assertThatThrownBy(() -> app.define(recorder.context(), Config.of("port", "http")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port must be a whole number");
    }
}
