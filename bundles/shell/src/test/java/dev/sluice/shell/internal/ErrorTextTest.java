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
    void shouldPointToHelpWhenGogoFindsNoSignatureForTheArguments() {
        assertThat(ErrorText.of(new IllegalArgumentException("Cannot coerce status() to any of [(int, String)]")))
                .isEqualTo("wrong arguments for status (Cannot coerce status() to any of [(int, String)]); see: help status");
    }

    @Test
    void shouldNameTheTypeOfOtherFailures() {
        assertThat(ErrorText.of(new IllegalStateException("closed"))).isEqualTo("IllegalStateException: closed");
        assertThat(ErrorText.of(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
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
