package io.camsearch.eval;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Indices of an array of finite floats sorted by value; equal values, 0 and -0 included, keep
 * index order. The comparison is the plain float one: {@link Float#compare} would rank 0 above -0.
 */
final class ValueOrder {

    private ValueOrder() {}

    static int[] ascending(float[] values) {
        return sorted(values, (a, b) -> values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0);
    }

    static int[] descending(float[] values) {
        return sorted(values, (a, b) -> values[a] > values[b] ? -1 : values[a] < values[b] ? 1 : 0);
    }

    private static int[] sorted(float[] values, Comparator<Integer> order) {
        // Stream sorting is stable, which is what keeps ties in index order.
        return IntStream.range(0, values.length).boxed().sorted(order).mapToInt(Integer::intValue).toArray();
    }
}
