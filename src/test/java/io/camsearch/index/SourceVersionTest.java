package io.camsearch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SourceVersionTest {

    @Test
    void aLaterOffsetOfThePartitionIsNewerAndTheSameOrAnEarlierOneIsNot() {
        SourceVersion held = new SourceVersion(2, 100);
        assertTrue(new SourceVersion(2, 101).isNewerThan(held));
        assertFalse(new SourceVersion(2, 100).isNewerThan(held), "a replay of the version held");
        assertFalse(new SourceVersion(2, 99).isNewerThan(held), "an older event replayed after an embedder crash");
    }

    @Test
    void versionsFromTwoPartitionsHaveNoOrder() {
        var error = assertThrows(IllegalArgumentException.class, () -> new SourceVersion(1, 500).isNewerThan(new SourceVersion(2, 100)));
        assertEquals("versions from partitions 1 and 2 of the source topic cannot be ordered: an item's events must stay in one partition "
                + "(was the topic repartitioned?)", error.getMessage());
    }

    @Test
    void aNegativePartitionOrOffsetIsNoVersion() {
        assertThrows(IllegalArgumentException.class, () -> new SourceVersion(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SourceVersion(0, -1));
    }
}
