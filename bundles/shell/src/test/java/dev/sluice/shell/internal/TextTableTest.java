package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void shouldAlignEachColumnToItsWidestCell() {
        String text = new TextTable("NAME", "STATE", "NOTE")
                .row("network-word-count", "RUNNING", "x")
                .row("a", "STOPPED", "longer note")
                .render();

        assertThat(text).isEqualTo("""
                NAME                STATE    NOTE
                network-word-count  RUNNING  x
                a                   STOPPED  longer note""");
    }

    @Test
    void shouldLeaveNoTrailingBlanksWhenTheLastCellIsEmpty() {
        String text = new TextTable().row("key", "").row("longer key", "value").render();

        assertThat(text.lines()).containsExactly("key", "longer key  value");
    }
}
