package io.camsearch.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoxTest {

    private static final Box TEN_BY_TEN = new Box(0, 0, 10, 10);

    @Test
    void identicalBoxesHaveIouOne() {
        assertEquals(1.0, TEN_BY_TEN.iou(new Box(0, 0, 10, 10)));
    }

    @Test
    void disjointBoxesHaveIouZero() {
        assertEquals(0.0, TEN_BY_TEN.iou(new Box(20, 30, 5, 5)));
    }

    @Test
    void boxesThatOnlyTouchShareNoPixel() {
        Box rightNeighbour = new Box(10, 0, 10, 10);
        Box lowerNeighbour = new Box(0, 10, 10, 10);
        Box diagonalNeighbour = new Box(10, 10, 3, 3);

        assertEquals(Optional.empty(), TEN_BY_TEN.intersection(rightNeighbour));
        assertEquals(0.0, TEN_BY_TEN.iou(rightNeighbour));
        assertEquals(0.0, TEN_BY_TEN.iou(lowerNeighbour));
        assertEquals(0.0, TEN_BY_TEN.iou(diagonalNeighbour));
    }

    @Test
    void boxInsideAnotherHasTheAreaRatioAsIou() {
        Box inner = new Box(2, 3, 5, 4);

        assertEquals(Optional.of(inner), TEN_BY_TEN.intersection(inner));
        assertEquals(20.0 / 100.0, TEN_BY_TEN.iou(inner), 1e-15);
        assertEquals(20.0 / 100.0, inner.iou(TEN_BY_TEN), 1e-15);
    }

    @Test
    void boxShiftedByHalfItsWidthHasIouOneThird() {
        Box shifted = new Box(5, 0, 10, 10);

        assertEquals(Optional.of(new Box(5, 0, 5, 10)), TEN_BY_TEN.intersection(shifted));
        // 50 shared pixels of 100 + 100 - 50
        assertEquals(1.0 / 3.0, TEN_BY_TEN.iou(shifted), 1e-15);
    }

    @Test
    void overlapOfOnePixelColumnCounts() {
        Box overlappingByOneColumn = new Box(9, 0, 10, 10);

        assertEquals(Optional.of(new Box(9, 0, 1, 10)), TEN_BY_TEN.intersection(overlappingByOneColumn));
        assertEquals(10.0 / 190.0, TEN_BY_TEN.iou(overlappingByOneColumn), 1e-15);
    }

    @Test
    void edgesAndAreaFollowTheInclusiveTopLeftConvention() {
        Box box = new Box(3, 4, 5, 6);

        assertEquals(8, box.right());
        assertEquals(10, box.bottom());
        assertEquals(30L, box.area());
    }

    @Test
    void areaOfAHugeBoxDoesNotOverflow() {
        assertEquals(50_000L * 50_000L, new Box(0, 0, 50_000, 50_000).area());
    }

    @Test
    void rejectsEmptyNegativeAndOverflowingBoxes() {
        assertThrows(IllegalArgumentException.class, () -> new Box(0, 0, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new Box(0, 0, 5, -1));
        assertThrows(IllegalArgumentException.class, () -> new Box(-1, 0, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> new Box(Integer.MAX_VALUE, 0, 1, 1));
    }
}
