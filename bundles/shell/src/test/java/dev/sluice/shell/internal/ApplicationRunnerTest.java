package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamState;
import org.junit.jupiter.api.Test;

class ApplicationRunnerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final FakeTime time = new FakeTime();
    private final FakeStreamManager streams = new FakeStreamManager();
    private StreamManager offered = streams;

    private final java.io.ByteArrayOutputStream notices = new java.io.ByteArrayOutputStream();
    private boolean settled;
    private final ApplicationRunner runner = new ApplicationRunner(() -> offered, time, time, PATIENCE,
            () -> settled, new java.io.PrintStream(notices, true));

    @Test
    void shouldStartTheApplicationWithItsArgumentsOnceTheManagerOffersIt() throws Exception {
        time.onPause = () -> {
            if (time.pauses == 3) {
                streams.offering("network-word-count");
            }
        };

        runner.start("network-word-count", Config.parse(List.of("port=7777")));

        assertThat(time.pauses).isEqualTo(3);
        assertThat(streams.started).containsEntry("network-word-count", Config.of("port", "7777"));
    }

    @Test
    void shouldWaitForAManagerToAppear() throws Exception {
        offered = null;
        streams.offering("network-word-count");
        time.onPause = () -> offered = streams;

        runner.start("network-word-count", Config.empty());

        assertThat(streams.started).containsKey("network-word-count");
    }

    @Test
    void shouldFailAtOnceWithTheApplicationsAndASuggestionOnceTheContainerHasSettled() {
        streams.offering("network-word-count").offering("file-word-count");
        time.onPause = () -> settled = time.pauses == 2;

        assertThatThrownBy(() -> runner.start("network-wordcount", Config.empty()))
                .isInstanceOf(SluiceException.class)
                .hasMessage("no application 'network-wordcount'; did you mean network-word-count?"
                        + " (installed: file-word-count, network-word-count)");
        assertThat(time.pauses).isEqualTo(2);
    }

    @Test
    void shouldStartAnApplicationThatCameAsTheContainerSettled() throws Exception {
        // a deploy/ bundle's second application registered as the container settles, after the runner last looked
        var arrived = new java.util.concurrent.atomic.AtomicBoolean();
        var racing = new ApplicationRunner(() -> streams, time, time, PATIENCE, () -> {
            if (!arrived.getAndSet(true)) {
                streams.offering("records-join");
            }
            return true;
        }, new java.io.PrintStream(notices, true));

        racing.start("records-join", Config.empty());

        assertThat(streams.started).containsKey("records-join");
    }

    @Test
    void shouldSayOnceThatTheStreamStartedAndOnceThatItStopped() throws Exception {
        streams.offering("network-word-count");
        time.onPause = () -> streams.states.put("network-word-count", StreamState.STOPPED);

        runner.run("network-word-count", Config.empty());

        assertThat(notices.toString().lines()).containsExactly(
                "sluice: network-word-count started; its log is log/sluice.log; Ctrl-C stops it gracefully",
                "sluice: network-word-count stopped");
    }

    @Test
    void shouldFailWithTheListOfApplicationsOnceThePatienceIsUsedUp() {
        streams.offering("network-word-count");
        Instant begin = time.instant();

        assertThatThrownBy(() -> runner.start("word-count", Config.empty()))
                .isInstanceOf(SluiceException.class)
                .hasMessage("no application 'word-count' (installed: network-word-count)");
        assertThat(Duration.between(begin, time.instant())).isEqualTo(PATIENCE);
        assertThat(time.pauses).isEqualTo((int) (PATIENCE.toMillis() / ApplicationRunner.POLL.toMillis()));
    }

    @Test
    void shouldSayThereIsNoRuntimeWhenNoManagerAppears() {
        offered = null;

        assertThatThrownBy(() -> runner.start("network-word-count", Config.empty()))
                .isInstanceOf(SluiceException.class)
                .hasMessageStartingWith("no Sluice runtime in this container: no StreamManager service appeared within 30 s");
    }

    @Test
    void shouldFailWhenTheStreamCannotStart() {
        streams.offering("network-word-count");
        streams.stateOnStart = StreamState.FAILED;
        streams.lastError = "no sink plugin 'console' is installed";

        assertThatThrownBy(() -> runner.run("network-word-count", Config.empty()))
                .hasMessage("network-word-count failed: no sink plugin 'console' is installed");
    }

    @Test
    void shouldFollowTheStreamUntilItStopsAndThenReportSuccess() throws Exception {
        streams.offering("network-word-count");
        streams.stateOnStart = StreamState.WAITING;
        time.onPause = () -> {
            if (time.pauses == 2) {
                streams.states.put("network-word-count", StreamState.RUNNING);
            } else if (time.pauses == 5) {
                streams.states.put("network-word-count", StreamState.STOPPED);
            }
        };

        assertThat(runner.run("network-word-count", Config.empty())).isZero();
        assertThat(time.pauses).isEqualTo(5);
    }

    @Test
    void shouldFailWhenTheRunningStreamFails() {
        streams.offering("network-word-count");
        time.onPause = () -> {
            streams.states.put("network-word-count", StreamState.FAILED);
            streams.lastError = "receiver gave up";
        };

        assertThatThrownBy(() -> runner.run("network-word-count", Config.empty()))
                .hasMessage("network-word-count failed: receiver gave up");
    }

    @Test
    void shouldFollowTheStreamAFileDeclaresOnceTheRuntimeHasDeclaredIt() throws Exception {
        time.onPause = () -> {
            if (time.pauses == 2) {
                streams.states.put("words", StreamState.RUNNING);
            } else if (time.pauses == 4) {
                streams.states.put("words", StreamState.STOPPED);
            }
        };

        assertThat(runner.runDeclared("words", "words.cfg", "examples/words.cfg")).isZero();
        assertThat(notices.toString().lines()).containsExactly(
                "sluice: words started; its log is log/sluice.log; Ctrl-C stops it gracefully",
                "sluice: words stopped");
    }

    @Test
    void shouldEndWithTheErrorOfARefusedFileOnceTheContainerHasSettled() {
        streams.states.put("words.cfg", StreamState.FAILED);
        streams.lastError = "examples/words.cfg: outputs is missing: list the outputs";
        time.onPause = () -> settled = time.pauses == 3;

        assertThatThrownBy(() -> runner.runDeclared("words", "words.cfg", "examples/words.cfg"))
                .isInstanceOf(SluiceException.class)
                .hasMessage("examples/words.cfg: outputs is missing: list the outputs");
        assertThat(time.pauses).as("a plugin the file names may still come from deploy/ until then").isEqualTo(3);
    }

    @Test
    void shouldRunARefusedFileThatTheRuntimeDeclaresOnceItsPluginArrives() throws Exception {
        streams.states.put("words.cfg", StreamState.FAILED);
        time.onPause = () -> {
            if (time.pauses == 2) {
                streams.states.remove("words.cfg");
                streams.states.put("words", StreamState.RUNNING);
            } else if (time.pauses == 3) {
                streams.states.put("words", StreamState.STOPPED);
            }
        };

        assertThat(runner.runDeclared("words", "words.cfg", "examples/words.cfg")).isZero();
    }

    @Test
    void shouldEndWithTheRefusalOfAFileNamedAfterAnApplicationNotFollowTheApplication() {
        streams.states.put("words", StreamState.STOPPED);
        time.onPause = () -> {
            if (time.pauses == 2) {
                streams.states.put("words.cfg", StreamState.FAILED);
                streams.lastError = "examples/words.cfg: a stream named 'words' is an application already";
            }
            settled = time.pauses >= 3;
        };

        assertThatThrownBy(() -> runner.runDeclared("words", "words.cfg", "examples/words.cfg"))
                .isInstanceOf(SluiceException.class)
                .hasMessage("examples/words.cfg: a stream named 'words' is an application already");
        assertThat(notices.toString()).as("the application is not followed as if it were the file's stream").isEmpty();
    }

    @Test
    void shouldSayWhenTheRuntimeDoesNotDeclareTheFileInTime() {
        assertThatThrownBy(() -> runner.runDeclared("words", "words.cfg", "examples/words.cfg"))
                .hasMessage("the runtime did not declare the stream of examples/words.cfg within 30 s;"
                        + " see log/sluice.log");
    }
}
