package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive shell of bin/sluice, typed at through a pseudo-terminal. */
class ShellIT {

    /** The up arrow as a terminal in application cursor mode (which the line editor asks for) sends it. */
    private static final String UP = "\u001bOA";
    private static final String CTRL_C = "\u0003";
    private static final String CTRL_D = "\u0004";

    @TempDir
    Path dir;

    private Distribution sluice;

    @BeforeEach
    void copyTheDistribution() throws Exception {
        sluice = Distribution.copyTo(dir);
    }

    @Test
    void shouldCompleteCommandsApplicationsAndKeys() throws Exception {
        try (var shell = PseudoTerminal.start(sluice)) {
            shell.awaitPrompt();

            shell.type("stream:inf\t");
            shell.await("stream:info ");
            shell.type("network-w\t");
            shell.await("network-word-count ");
            shell.type("\n");
            assertThat(shell.awaitPrompt()).contains("keys every application takes", "port", "9999",
                    "stream:start network-word-count host=localhost port=9999 batch=1s");

            shell.type("stream:start network-word-count po\t");
            shell.await("port=");
            shell.type(CTRL_C); // clears the line: nothing starts
            shell.awaitPrompt();
            shell.type("stream:list\n");
            assertThat(shell.awaitPrompt()).containsPattern("network-word-count +STOPPED");

            shell.type(CTRL_D);
            assertThat(shell.awaitExit()).isZero();
        }
    }

    @Test
    void shouldKeepTheHistoryAcrossSessions() throws Exception {
        try (var shell = PseudoTerminal.start(sluice)) {
            shell.awaitPrompt();
            shell.type("stream:info file-line-count\n");
            shell.awaitPrompt();
            shell.type("exit\n");
            assertThat(shell.awaitExit()).isZero();
        }
        try (var shell = PseudoTerminal.start(sluice)) {
            shell.awaitPrompt();
            shell.type(UP); // exit, the last line of the last session
            shell.await("exit");
            shell.type(UP + "\n");
            assertThat(shell.awaitPrompt()).contains("counts the lines of the files");
            shell.type("logout\n");
            assertThat(shell.awaitExit()).isZero();
        }
    }

    @Test
    void shouldInterruptTheRunningCommandOnCtrlCAndKeepTheContainer() throws Exception {
        try (var shell = PseudoTerminal.start(sluice)) {
            shell.awaitPrompt();
            shell.type("stream:logs -f -n 1\n");
            shell.await("\n"); // the line typed, echoed: the command may not run yet, and a Ctrl-C now is the editor's
            shell.await("\n"); // the log's last line: it follows now
            shell.type(CTRL_C);
            shell.await("interrupted");
            shell.awaitPrompt();

            shell.type("half a line" + CTRL_C);
            shell.awaitPrompt();
            shell.type("stream:list\n");
            assertThat(shell.awaitPrompt()).contains("APPLICATION").doesNotContain("half a line\r\n");
            assertThat(shell.alive()).isTrue();

            shell.type(CTRL_D);
            assertThat(shell.awaitExit()).isZero();
        }
    }

    @Test
    void shouldStopAndStartBundlesByIdAsTheFrameworksCommandsDo() throws Exception {
        try (var shell = PseudoTerminal.start(sluice)) {
            shell.awaitPrompt();
            shell.type("lb examples\n");
            Matcher id = Pattern.compile("(?m)^\\s*(\\d+)\\|Active.*Sluice examples").matcher(shell.awaitPrompt());
            assertThat(id.find()).as("lb lists the examples bundle").isTrue();

            shell.type("stop " + id.group(1) + "\n");
            shell.awaitPrompt();
            shell.type("stream:list\n");
            assertThat(shell.awaitPrompt()).contains("no applications are installed");

            shell.type("start " + id.group(1) + "\n");
            shell.awaitPrompt();
            shell.type("stream:list\n");
            assertThat(shell.awaitPrompt()).contains("network-word-count");

            shell.type(CTRL_D);
            assertThat(shell.awaitExit()).isZero();
        }
    }

    @Test
    void shouldSayWhatWentWrongInOneLineWithoutExceptionNames() throws Exception {
        try (var shell = PseudoTerminal.start(sluice)) {
            shell.awaitPrompt();

            shell.type("stream:status\n");
            assertThat(shell.awaitPrompt()).contains("usage: stream:status [-b BATCHES] <application>");
            shell.type("stream:info netwrk-word-count\n");
            assertThat(shell.awaitPrompt()).contains("no application 'netwrk-word-count'; did you mean network-word-count?");
            shell.type("stream:start network-word-count prot=1\n");
            assertThat(shell.awaitPrompt()).contains("unknown key 'prot' for network-word-count; did you mean port?");
            shell.type("stream:lst\n");
            String last = shell.awaitPrompt();
            assertThat(last).contains("unknown command 'stream:lst'; did you mean stream:list?");
            assertThat(last).doesNotContain("Exception", "gogo:");

            shell.type(CTRL_D);
            assertThat(shell.awaitExit()).isZero();
        }
    }

    @Test
    void shouldLeaveWithoutAnErrorAfterAFileStreamRan() throws Exception {
        java.nio.file.Path watched = java.nio.file.Files.createDirectories(dir.resolve("in"));
        try (var shell = PseudoTerminal.start(sluice)) {
            shell.awaitPrompt();
            shell.type("stream:start file-word-count dir=" + watched + " batch=200ms\n");
            shell.awaitPrompt();
            // batches read the directory through Hadoop's FileSystem, which registers its JVM shutdown hook
            shell.type("stream:batches file-word-count\n");
            String batches = shell.awaitPrompt();
            while (!batches.contains("average of")) {
                shell.type("stream:batches file-word-count\n");
                batches = shell.awaitPrompt();
            }

            shell.type(CTRL_D);
            assertThat(shell.awaitExit()).isZero();
            assertThat(shell.since()).doesNotContain("NoClassDefFoundError", "Exception");
        }
    }
}
