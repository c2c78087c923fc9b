package io.camsearch.index;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Which items a search may return: for each term key, the item's value is one of the allowed
 * values; for each range key, the item's number lies in [min, max]. All conditions must hold. The
 * filter is applied inside the HNSW search (Lucene's filtered kNN), so k hits come back even when
 * the filter is selective, not k hits of which some are then dropped.
 */
public record MetadataFilter(Map<String, Set<String>> terms, Map<String, Range> ranges) {

    /**
     * Most conditions (keys) in one filter, and most values one term condition may list. Their
     * product is Lucene's limit on the terms of one query ({@link IndexSearcher#getMaxClauseCount()},
     * 1024), over which the search would fail instead of answering.
     */
    public static final int MAX_CLAUSES = 16;
    public static final int MAX_VALUES_PER_CLAUSE = 64;

    public static final MetadataFilter NONE = new MetadataFilter(Map.of(), Map.of());

    /** An inclusive numeric range. */
    public record Range(double min, double max) {
        public Range {
            if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
                throw new IllegalArgumentException("a range needs min <= max, got " + min + ".." + max);
            }
        }
    }

    public MetadataFilter {
        terms = Map.copyOf(terms);
        ranges = Map.copyOf(ranges);
        terms.forEach((key, values) -> {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("filter on '" + key + "' allows no value");
            }
            if (values.size() > MAX_VALUES_PER_CLAUSE) {
                throw new IllegalArgumentException("filter on '" + key + "' lists " + values.size() + " values; at most "
                        + MAX_VALUES_PER_CLAUSE + " are allowed per key");
            }
        });
        if (terms.size() + ranges.size() > MAX_CLAUSES) {
            throw new IllegalArgumentException("filter has " + (terms.size() + ranges.size()) + " conditions; at most " + MAX_CLAUSES
                    + " keys may be filtered on at once");
        }
    }

    public static MetadataFilter term(String key, String... values) {
        return new MetadataFilter(Map.of(key, Set.of(values)), Map.of());
    }

    public static MetadataFilter range(String key, double min, double max) {
        return new MetadataFilter(Map.of(), Map.of(key, new Range(min, max)));
    }

    /**
     * Reads the filter syntax of the API: clauses separated by {@code ;}, each {@code key=value},
     * {@code key=v1,v2} (any of the values) or {@code key=min..max} (an inclusive numeric range;
     * either end may be left out). Blank means no filter. At most {@value #MAX_CLAUSES} clauses of
     * at most {@value #MAX_VALUES_PER_CLAUSE} values each.
     *
     * <pre>  category=shoe,bag;price=10..50;year=2020..</pre>
     *
     * @throws IllegalArgumentException naming the clause that is wrong
     */
    public static MetadataFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<String, Set<String>> t = new LinkedHashMap<>();
        Map<String, Range> r = new LinkedHashMap<>();
        for (String clause : text.split(";")) {
            if (clause.isBlank()) {
                continue;
            }
            int eq = clause.indexOf('=');
            String key = eq < 0 ? "" : clause.substring(0, eq).strip();
            String value = eq < 0 ? "" : clause.substring(eq + 1).strip();
            if (key.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException("filter clause '" + clause.strip() + "' must be key=value, key=v1,v2 or key=min..max");
            }
            if (t.containsKey(key) || r.containsKey(key)) {
                throw new IllegalArgumentException("filter key '" + key + "' appears twice; list its values in one clause: " + key + "=v1,v2");
            }
            var range = RANGE.matcher(value);
            if (range.matches()) {
                double min = range.group(1).isEmpty() ? Double.NEGATIVE_INFINITY : Double.parseDouble(range.group(1));
                double max = range.group(2).isEmpty() ? Double.POSITIVE_INFINITY : Double.parseDouble(range.group(2));
                if (Double.isInfinite(min) && !range.group(1).isEmpty() || Double.isInfinite(max) && !range.group(2).isEmpty()) {
                    throw new IllegalArgumentException("filter range '" + clause.strip() + "' has a bound beyond the range of a double");
                }
                if (min > max) {
                    throw new IllegalArgumentException("filter range '" + clause.strip() + "' has min > max");
                }
                r.put(key, new Range(min, max));
            } else {
                Set<String> values = new java.util.LinkedHashSet<>();
                for (String v : value.split(",")) {
                    if (!v.isBlank()) {
                        values.add(v.strip());
                    }
                }
                if (values.isEmpty()) {
                    throw new IllegalArgumentException("filter clause '" + clause.strip() + "' lists no value");
                }
                t.put(key, values);
            }
        }
        return new MetadataFilter(t, r);
    }

    private static final String NUMBER = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";
    /**
     * min..max, where the dots of "1...2" are not split between a bound and the separator ("1." ".."
     * "2" or "1" ".." ".2" would be two readings of one text): three dots in a row are not a range.
     */
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("(?!.*\\.\\.\\.)(" + NUMBER + "|)\\.\\.(" + NUMBER + "|)");

    /**
     * Both filters at once. A key constrained by both is refused rather than resolved: letting one
     * side win would widen the other's condition.
     */
    public MetadataFilter and(MetadataFilter other) {
        for (String key : other.keys()) {
            if (terms.containsKey(key) || ranges.containsKey(key)) {
                throw new IllegalArgumentException("both filters constrain '" + key + "'; combine its condition into one filter");
            }
        }
        Map<String, Set<String>> t = new LinkedHashMap<>(terms);
        t.putAll(other.terms);
        Map<String, Range> r = new LinkedHashMap<>(ranges);
        r.putAll(other.ranges);
        return new MetadataFilter(t, r);
    }

    private Set<String> keys() {
        Set<String> keys = new java.util.HashSet<>(terms.keySet());
        keys.addAll(ranges.keySet());
        return keys;
    }

    public boolean isEmpty() {
        return terms.isEmpty() && ranges.isEmpty();
    }

    /** True when the item's metadata satisfies the filter: the same rule as {@link #toQuery}, for checks outside Lucene. */
    public boolean matches(Map<String, Object> metadata) {
        for (var term : terms.entrySet()) {
            Object value = metadata.get(term.getKey());
            if (!(value instanceof String s) || !term.getValue().contains(s)) {
                return false;
            }
        }
        for (var range : ranges.entrySet()) {
            Object value = metadata.get(range.getKey());
            if (!(value instanceof Number n) || n.doubleValue() < range.getValue().min() || n.doubleValue() > range.getValue().max()) {
                return false;
            }
        }
        return true;
    }

    Query toQuery() {
        assert MAX_CLAUSES * MAX_VALUES_PER_CLAUSE <= IndexSearcher.getMaxClauseCount()
                : "a filter at its limits must fit Lucene's clause limit of " + IndexSearcher.getMaxClauseCount();
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        terms.forEach((key, values) -> {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            values.forEach(value -> any.add(new TermQuery(new Term(CatalogFields.metadataField(key), value)), BooleanClause.Occur.SHOULD));
            all.add(any.build(), BooleanClause.Occur.FILTER);
        });
        ranges.forEach((key, range) ->
                all.add(DoublePoint.newRangeQuery(CatalogFields.metadataField(key), range.min(), range.max()), BooleanClause.Occur.FILTER));
        return all.build();
    }
}
