package dev.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
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
 * textFileStream in the assembled container: the files source lists and reads a local directory
 * through the Hadoop bundle, whose file systems are found through the context class loader.
 * The test registers the application itself: print the lines of the new files.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TextFileStreamIT {

    private static final String APP = "text-file-lines";
    private static final long BATCH_MS = 200;

    @Inject
    private BundleContext context;

    @Inject
    private StreamManager streams;

    private ServiceRegistration<StreamingApplication> application;
    private ConsoleCapture console;
    private Path dir;

    @Configuration
    public Option[] configuration() {
        return options(SluiceContainer.assembled());
    }

    @Before
    public void registerTheApplication() throws Exception {
        dir = Files.createTempDirectory("sluice-files-it");
        application = SluiceContainer.registerApplication(context, streams, APP, new PrintNewLines());
        Await.until(APP + " and the files source in the stream manager", streams::plugins,
                plugins -> plugins.stream().anyMatch(p -> p.kind().equals("source") && p.type().equals("files"))
                        && streams.list().stream().anyMatch(s -> s.application().equals(APP)));
        console = ConsoleCapture.start();
    }

    @After
    public void stopTheStream() {
        streams.stop(APP);
        console.close();
        application.unregister();
    }

    @Test
    public void shouldPrintTheLinesOfAFileMovedIntoTheDirectoryOnce() throws Exception {
        streams.start(APP, Config.parse(List.of("directory=" + dir.toUri(), "batch=" + BATCH_MS + "ms")));
        console.awaitBatch("a first, empty batch", b -> true);

        // written under a hidden name, then moved in whole, as the source expects writers to do
        Path hidden = dir.resolve(".lines.txt");
        Files.writeString(hidden, "hello files\nsecond line\n", StandardCharsets.UTF_8);
        Files.move(hidden, dir.resolve("lines.txt"), StandardCopyOption.ATOMIC_MOVE);

        PrintedBatch batch = console.awaitBatchWith("hello files");
        assertEquals(PrintedBatch.expected(batch.time(), List.of("hello files", "second line")), batch.lines());

        console.awaitBatch("three batches later", b -> b.time() >= batch.time() + 3 * BATCH_MS);
        long printedTwice = console.batches().stream().filter(b -> b.elements().contains("hello files")).count();
        assertEquals("batches that printed the file", 1, printedTwice);
        assertTrue(Files.exists(dir.resolve("lines.txt")));
    }

    /** The application: the lines of the files that appear in {@code directory}, printed each batch. */
    private static final class PrintNewLines implements StreamingApplication {

        @Override
        public void define(StreamingContext ssc, Config args) {
            ssc.textFileStream(args.string("directory")).print();
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.of("directory", "", "the directory to watch"));
        }
    }
}
