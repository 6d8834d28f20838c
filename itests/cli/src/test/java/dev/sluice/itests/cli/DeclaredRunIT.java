package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/sluice run FILE: the stream a file declares, run headless, and a bad file refused in one line. */
class DeclaredRunIT {

    @TempDir
    Path dir;

    private Distribution sluice;

    @BeforeEach
    void copyTheDistribution() throws Exception {
        sluice = Distribution.copyTo(dir);
    }

    @Test
    void shouldRunTheStreamAFileDeclaresWithTheKeysGivenAfterItOverridingTheFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("words.cfg"), """
                # the port is given on the command line
                source = socket
                source.port = 1
                stages = words, lower, counts
                stage.words = split-words
                stage.lower = lowercase
                stage.counts = count-by-value
                outputs = print
                sink.print = console
                batch = 1s
                """);
        try (var server = new LineServer();
             var run = RunningSluice.start(sluice, dir.resolve("run.out"), "run", file.toString(),
                     "source.port=" + server.port(), "batch=500ms")) {
            run.awaitOutput("sluice: words started");
            server.awaitConnections(1).send("To be or not to BE");
            run.awaitOutput("(be,2)");

            assertThat(run.output()).contains("(to,2)", "(or,1)", "(not,1)").doesNotContain("(To,", "ERROR")
                    .containsPattern("Time: \\d+[05]00 ms");
            assertThat(run.stop()).isEqualTo(RunningSluice.EXIT_ON_SIGTERM);
        }
        assertThat(sluice.run("exec", "stream:list").output()).as("a stream run headless is not remembered")
                .doesNotContainPattern("(?m)^words\\s");
    }

    @Test
    void shouldRefuseABadFileInOneLineNamingTheFileTheKeyAndWhatIsValid() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.cfg"), """
                source = socket
                stages = words
                stage.words = split-wrods
                outputs = print
                sink.print = console
                """);
        var run = sluice.run("run", typo.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output().strip()).startsWith("sluice: " + typo + ": stage.words names operator plugin"
                + " 'split-wrods', which is not installed; did you mean split-words? (installed operators: ")
                .doesNotContain("\n");

        Path unknownKey = Files.writeString(dir.resolve("unknown-key.cfg"), """
                source = socket
                outputs = print
                sink.print = console
                """);
        var badValue = sluice.run("run", unknownKey.toString(), "batchInterval=1s");
        assertThat(badValue.status()).isEqualTo(1);
        assertThat(badValue.output().strip()).startsWith("sluice: " + unknownKey + ": batchInterval is not a key"
                + " of a declared stream; did you mean blockInterval? (valid keys: ").doesNotContain("\n");

        var missing = sluice.run("run", dir.resolve("missing.cfg").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.output()).startsWith("sluice: no file '" + dir.resolve("missing.cfg") + "'");
    }
}
