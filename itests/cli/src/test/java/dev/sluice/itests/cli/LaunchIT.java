package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/sluice run and exec as a new user meets them: mistakes answered at once and once. */
class LaunchIT {

    @TempDir
    Path dir;

    private Distribution sluice;

    @BeforeEach
    void copyTheDistribution() throws Exception {
        sluice = Distribution.copyTo(dir);
    }

    @Test
    void shouldFailAnUnknownApplicationWithTheListAndASuggestion() throws Exception {
        long begin = System.nanoTime();
        var run = sluice.run("run", "netwrk-word-count");
        System.out.printf("bin/sluice run of an unknown application ended after %d ms%n",
                (System.nanoTime() - begin) / 1_000_000);

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output().strip()).isEqualTo("sluice: no application 'netwrk-word-count'; did you mean"
                + " network-word-count? (installed: file-line-count, file-word-count, kafka-word-count, network-word-count)");
    }

    @Test
    void shouldRefuseToExecAStreamStartAndPointToClientAndRun() throws Exception {
        var exec = sluice.run("exec", "stream:start network-word-count");

        assertThat(exec.status()).isEqualTo(2);
        assertThat(exec.output()).contains("sluice client 'stream:start network-word-count'").contains("sluice run");
    }

    @Test
    void shouldExecAQueryAndPrintItsResultOnly() throws Exception {
        var exec = sluice.run("exec", "stream:info network-word-count");

        assertThat(exec.status()).isZero();
        assertThat(exec.output()).startsWith("network-word-count: counts the words")
                .doesNotContain("Exception", "INFO", "WARN");
    }

    @Test
    void shouldTraceTheStartPhasesWhenAskedAndStillPrintTheResult() throws Exception {
        var exec = sluice.run(Map.of("JAVA_OPTS", "-Dsluice.trace.start=true"), "exec", "stream:list");

        assertThat(exec.status()).as(exec.output()).isZero();
        var lines = exec.output().lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("sluice: start trace ")).toList())
                .allMatch(l -> l.matches("sluice: start trace +\\d+ ms \\(cpu +\\d+ ms\\) .+"))
                .extracting(l -> l.replaceFirst("sluice: start trace +\\d+ ms \\(cpu +\\d+ ms\\) ", ""))
                .containsSubsequence("main", "framework initialised", "bundles installed",
                        "started org.ops4j.pax.logging.pax-logging-log4j2", "started org.apache.felix.scr",
                        "started dev.sluice.runtime", "started dev.sluice.shell");
        assertThat(lines.stream().filter(l -> !l.startsWith("sluice: start trace ")).toList())
                .as("the command's output, whole").first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("APPLICATION ");
    }
}
