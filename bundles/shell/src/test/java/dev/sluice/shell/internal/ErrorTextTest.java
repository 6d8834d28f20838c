package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import dev.sluice.api.ConfigException;
import dev.sluice.api.SluiceException;
import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.junit.jupiter.api.Test;

class ErrorTextTest {

    @Test
    void shouldShowSluiceMessagesAsTheyAre() {
        assertThat(ErrorText.of(new SluiceException("no application 'x'; installed applications: network-word-count")))
                .isEqualTo("no application 'x'; installed applications: network-word-count");
        assertThat(ErrorText.of(new ConfigException("port must be a whole number, got 'http'")))
                .isEqualTo("port must be a whole number, got 'http'");
    }

    @Test
    void shouldShowGogosCommandNotFoundWithoutItsType() {
        assertThat(ErrorText.of(new CommandNotFoundException("nosuchcommand"))).isEqualTo("Command not found: nosuchcommand");
    }

    @Test
    void shouldPrintTheUsageOfAStreamCommandCalledWithoutItsArguments() {
        assertThat(ErrorText.of(new IllegalArgumentException("Cannot coerce status() to any of [(int, String)]")))
                .isEqualTo("usage: stream:status [-b BATCHES] <application>");
        assertThat(ErrorText.of(new IllegalArgumentException("Cannot coerce stop() to any of [(boolean, String)]")))
                .isEqualTo("usage: stream:stop [-g] <application>");
        assertThat(ErrorText.of(new IllegalArgumentException("Cannot coerce start() to any of [(String, String[])]")))
                .isEqualTo("usage: stream:start <application> [key=value ...]");
    }

    @Test
    void shouldPointToHelpForAnotherScopesCommand() {
        assertThat(ErrorText.of(new IllegalArgumentException("Cannot coerce start(String) to any of [(boolean, boolean, String[])]")))
                .isEqualTo("wrong arguments for start; see: help start");
    }

    @Test
    void shouldGiveTheMessageOfOtherFailuresWithoutTheirType() {
        assertThat(ErrorText.of(new IllegalStateException("closed"))).isEqualTo("closed");
        assertThat(ErrorText.of(new NullPointerException()))
                .isEqualTo("the command failed without saying why (NullPointerException); log/sluice.log has the details");
    }

    @Test
    void shouldShowTheCauseOfAWrapperThatSaysNothingItself() {
        var wrapped = new InvocationTargetException(new SluiceException("no source plugin 'socket' is installed"));

        assertThat(ErrorText.of(new RuntimeException(wrapped))).isEqualTo("no source plugin 'socket' is installed");
    }

    @Test
    void shouldJoinMessageLinesIntoOne() {
        assertThat(ErrorText.of(new SluiceException("first\n  second\r\nthird"))).isEqualTo("first second third");
    }
}
