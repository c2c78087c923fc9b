package io.camsearch.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed order of class ids. Metric learning on CUB trains on the first half of the class ids
 * and evaluates on the unseen second half; here each half must hold every shape, colour and
 * pattern, so that held-out classes are new combinations of familiar parts (as held-out bird
 * species are new combinations of familiar plumage), not parts the network never saw.
 *
 * <p>The 200 combinations (10 shapes x 5 colours x 4 patterns, each numbered by its enum ordinal)
 * fall into two halves by parity: half {@code h} holds the combinations whose
 * {@code shape + colour + pattern} is {@code h} mod 2. So every (shape, colour) pair sits in both
 * halves with two patterns each, every (colour, pattern) pair with five shapes each, and every
 * shape, colour and pattern with 20, 20 and 25 classes each. Within half {@code h}, position
 * {@code k = 0..99} is
 *
 * <pre>
 *   shape   s = k mod 10
 *   colour  c = (k div 10 + s) mod 5
 *   pattern p = ((h + s + c) mod 2) + 2 * ((k div 50 + s) mod 2)
 * </pre>
 *
 * which runs through all ten shapes every ten classes and all five colours every five, so short
 * prefixes stay mixed too. A catalog of {@code n} classes takes the first {@code ceil(n / 2)}
 * positions of half 0 as ids {@code 1..ceil(n / 2)} and the first {@code floor(n / 2)} positions
 * of half 1 as the remaining ids; with the full 200, ids 1..100 are half 0 and 101..200 half 1.
 */
public final class ClassOrder {

    /** Every combination of shape, colour and pattern is one class. */
    public static final int MAX_CLASSES =
            ProductShape.values().length * ProductColour.values().length * ProductPattern.values().length;

    private static final int HALF = MAX_CLASSES / 2;

    private ClassOrder() {
    }

    /**
     * The classes of a catalog of {@code count} classes, in id order (ids 1..count).
     *
     * @throws IllegalArgumentException unless {@code 2 <= count <= MAX_CLASSES}: both halves need a class
     */
    public static List<ProductClass> classes(int count) {
        if (count < 2 || count > MAX_CLASSES) {
            throw new IllegalArgumentException("the catalog has 2 to " + MAX_CLASSES + " classes, got " + count);
        }
        int firstHalf = (count + 1) / 2;
        List<ProductClass> classes = new ArrayList<>(count);
        for (int k = 0; k < firstHalf; k++) {
            classes.add(atPosition(classes.size() + 1, 0, k));
        }
        for (int k = 0; k < count - firstHalf; k++) {
            classes.add(atPosition(classes.size() + 1, 1, k));
        }
        return List.copyOf(classes);
    }

    private static ProductClass atPosition(int id, int half, int k) {
        ProductShape[] shapes = ProductShape.values();
        ProductColour[] colours = ProductColour.values();
        int s = k % shapes.length;
        int c = (k / shapes.length + s) % colours.length;
        int p = (half + s + c) % 2 + 2 * ((k / (HALF / 2) + s) % 2);
        return new ProductClass(id, shapes[s], colours[c], ProductPattern.values()[p]);
    }
}
