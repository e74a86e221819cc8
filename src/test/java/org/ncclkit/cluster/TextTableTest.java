package org.ncclkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void columnsArePaddedToTheWidestCellWithTwoSpacesAndNoTrailingBlanks() {
        String text = new TextTable("HOST", "KEY", "ERROR").add("node-a", "added", "").add("n", "-", "refused").render();

        assertThat(text).isEqualTo("""
                HOST    KEY    ERROR
                node-a  added
                n       -      refused
                """);
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRefused() {
        assertThatThrownBy(() -> new TextTable("A", "B").add("1")).hasMessage("a row of 1 cells in a table of 2 columns");
    }
}
