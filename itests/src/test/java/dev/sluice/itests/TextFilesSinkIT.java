package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import javax.inject.Inject;
import dev.sluice.api.Config;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * saveAsTextFiles in the assembled container: the text-files sink writes each batch through the
 * Hadoop bundle's file system, found through the context class loader, as a directory of parts
 * with _SUCCESS, renamed into place once complete.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TextFilesSinkIT {

    private static final String APP = "save-lines";

    @Inject
    private BundleContext context;

    @Inject
    private StreamManager streams;

    private final Queue<List<String>> lines = new ConcurrentLinkedQueue<>();
    private ServiceRegistration<StreamingApplication> application;
    private Path dir;

    @Configuration
    public Option[] configuration() {
        return options(SluiceContainer.assembled());
    }

    @Before
    public void registerTheApplication() throws Exception {
        dir = Files.createTempDirectory("sluice-text-files-it");
        application = SluiceContainer.registerApplication(context, streams, APP, new SaveLines(lines));
        Await.until(APP + " and the text-files sink in the stream manager", streams::plugins,
                plugins -> plugins.stream().anyMatch(p -> p.kind().equals("sink") && p.type().equals("text-files"))
                        && streams.list().stream().anyMatch(s -> s.application().equals(APP)));
    }

    @After
    public void stopTheStream() {
        streams.stop(APP);
        application.unregister();
    }

    @Test
    public void shouldWriteABatchDirectoryOfPartsWithASuccessMarker() throws Exception {
        lines.add(List.of("hello files", "second line"));
        streams.start(APP, Config.parse(List.of("prefix=" + dir.resolve("lines"), "batch=200ms")));

        Path batch = Await.until("a batch directory holding the lines", this::batchWithLines, Optional::isPresent).get();

        assertEquals(List.of("hello files", "second line"), partLines(batch));
        streams.stop(APP); // waits for the running batch, so no attempt is in flight below
        try (Stream<Path> all = Files.list(dir)) {
            assertEquals("nothing but batch directories (no attempts left) under " + dir, List.of(),
                    all.map(p -> p.getFileName().toString()).filter(n -> !n.matches("lines-\\d+")).toList());
        }
    }

    /** The complete batch directory whose parts hold any line, if one is there yet. */
    private Optional<Path> batchWithLines() {
        try (Stream<Path> batches = Files.list(dir)) {
            return batches.filter(b -> b.getFileName().toString().startsWith("lines-"))
                    .filter(b -> Files.exists(b.resolve("_SUCCESS")))
                    .filter(b -> !partLines(b).isEmpty())
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> partLines(Path batch) {
        try (Stream<Path> parts = Files.list(batch)) {
            return parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
                    .flatMap(p -> {
                        try {
                            return Files.readAllLines(p, StandardCharsets.UTF_8).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The application: the queued lines, saved as text files under {@code prefix}. */
    private static final class SaveLines implements StreamingApplication {

        private final Queue<List<String>> lines;

        SaveLines(Queue<List<String>> lines) {
            this.lines = lines;
        }

        @Override
        public void define(StreamingContext ssc, Config args) {
            ssc.queueStream(lines, true).saveAsTextFiles(args.string("prefix"));
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.of("prefix", "", "where the batch directories go"));
        }
    }
}
