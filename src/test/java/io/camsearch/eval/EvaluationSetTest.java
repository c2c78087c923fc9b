package io.camsearch.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationSetTest {

    @Test
    void idsAreWrittenAsRunsOfThreeOrMoreAndSinglesOtherwise() {
        assertEquals("1..24", EvaluationSet.ranges(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                19, 20, 21, 22, 23, 24)));
        assertEquals("2, 5, 8", EvaluationSet.ranges(List.of(2, 5, 8)));
        assertEquals("1, 2, 4..6, 9", EvaluationSet.ranges(List.of(1, 2, 4, 5, 6, 9)));
        assertEquals("", EvaluationSet.ranges(List.of()));
    }
}
