package dev.sluice.itests.plugin;

import dev.sluice.api.Config;
import dev.sluice.api.Pair;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** An application with a running word count, each count printed with the application bundle's version. */
public final class CountingApplication implements StreamingApplication {

    private final String version;

    public CountingApplication(String version) {
        this.version = version;
    }

    @Override
    public void define(StreamingContext ssc, Config args) {
        String tag = version;
        ssc.socketTextStream(args.string("host"), args.integer("port", 9999))
                .flatMap(line -> Arrays.asList(line.split(" ")))
                .mapToPair(word -> Pair.of(word, 1L))
                .<Long>updateStateByKey((ones, state) -> Optional.of(state.orElse(0L) + ones.size()))
                .name("counts")
                .map(p -> tag + ":" + p.key() + "=" + p.value())
                .print();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.of("host", "localhost", "the server to read lines from"),
                Parameter.of("port", "9999", "its port"));
    }
}
