package io.camsearch.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ClassOrderTest {

    private static final List<ProductClass> ALL = ClassOrder.classes(200);
    private static final List<ProductClass> FIRST_HALF = ALL.subList(0, 100);
    private static final List<ProductClass> SECOND_HALF = ALL.subList(100, 200);

    @Test
    void theFullOrderHoldsEveryCombinationOnceWithIdsOneToTwoHundred() {
        Set<List<Object>> combinations = new HashSet<>();
        for (int i = 0; i < ALL.size(); i++) {
            ProductClass c = ALL.get(i);
            assertEquals(i + 1, c.id());
            combinations.add(List.of(c.shape(), c.colour(), c.pattern()));
        }
        assertEquals(200, combinations.size());
        assertEquals(ClassOrder.MAX_CLASSES, CatalogSpec.DEFAULT_CLASSES);
    }

    @Test
    void eachHalfHoldsEveryShapeColourAndPatternEqually() {
        for (List<ProductClass> half : List.of(FIRST_HALF, SECOND_HALF)) {
            assertEquals(uniform(ProductShape.values(), 10), counts(half, ProductClass::shape));
            assertEquals(uniform(ProductColour.values(), 20), counts(half, ProductClass::colour));
            assertEquals(uniform(ProductPattern.values(), 25), counts(half, ProductClass::pattern));
        }
    }

    @Test
    void eachHalfHoldsEveryShapeInEveryColourWithTwoPatterns() {
        for (List<ProductClass> half : List.of(FIRST_HALF, SECOND_HALF)) {
            Map<List<Object>, Integer> pairs = counts(half, c -> List.of(c.shape(), c.colour()));
            assertEquals(50, pairs.size());
            assertEquals(Set.of(2), new HashSet<>(pairs.values()));
        }
    }

    @Test
    void everyTenConsecutiveClassesOfAHalfShowAllTenShapes() {
        for (int start = 0; start < 200; start += 10) {
            Set<ProductShape> shapes = EnumSet.noneOf(ProductShape.class);
            ALL.subList(start, start + 10).forEach(c -> shapes.add(c.shape()));
            assertEquals(EnumSet.allOf(ProductShape.class), shapes, "classes " + (start + 1) + "-" + (start + 10));
        }
    }

    @Test
    void namesFollowCubsPatternAndTheDocumentedFormula() {
        assertEquals("001.red_circle_solid", ALL.get(0).name());
        assertEquals("002.yellow_square_dotted", ALL.get(1).name());
        assertEquals("101.red_circle_striped", ALL.get(100).name());
        assertEquals("red_circle_striped", ALL.get(100).label());
    }

    @Test
    void aSmallCatalogTakesTheStartOfEachHalf() {
        List<ProductClass> eight = ClassOrder.classes(8);
        assertEquals(List.of("001.red_circle_solid", "002.yellow_square_dotted", "003.green_triangle_solid",
                        "004.blue_star_dotted", "005.red_circle_striped", "006.yellow_square_checkered",
                        "007.green_triangle_striped", "008.blue_star_checkered"),
                eight.stream().map(ProductClass::name).toList());
        List<ProductClass> seven = ClassOrder.classes(7);
        assertEquals("004.blue_star_dotted", seven.get(3).name());
        assertEquals("005.red_circle_striped", seven.get(4).name());
    }

    @Test
    void refusesCatalogsWithoutTwoHalvesOrBeyondTheCombinations() {
        assertThrows(IllegalArgumentException.class, () -> ClassOrder.classes(1));
        assertThrows(IllegalArgumentException.class, () -> ClassOrder.classes(201));
    }

    private static <K> Map<K, Integer> counts(List<ProductClass> classes, Function<ProductClass, K> key) {
        Map<K, Integer> counts = new HashMap<>();
        classes.forEach(c -> counts.merge(key.apply(c), 1, Integer::sum));
        return counts;
    }

    private static <K> Map<K, Integer> uniform(K[] keys, int count) {
        Map<K, Integer> counts = new HashMap<>();
        for (K key : keys) {
            counts.put(key, count);
        }
        return counts;
    }
}
