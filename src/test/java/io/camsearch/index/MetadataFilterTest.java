package io.camsearch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.index.MetadataFilter.Range;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter syntax of the API ({@code key=value}, {@code key=v1,v2}, {@code key=min..max}, clauses
 * joined by {@code ;}) read by {@link MetadataFilter#parse}: every accepted form, every rejected
 * one with the message the API passes on, the limits, and what the syntax has no escape for.
 */
class MetadataFilterTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @TempDir
    Path dir;

    // --- accepted forms ---

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t\n", ";", " ; ;; "})
    void blankOrOnlySeparatorsIsNoFilter(String text) {
        MetadataFilter filter = MetadataFilter.parse(text);
        assertTrue(filter.isEmpty());
        assertTrue(filter.matches(Map.of()), "no filter lets every item through");
    }

    @Test
    void blankTextIsTheSharedEmptyFilter() {
        assertSame(MetadataFilter.NONE, MetadataFilter.parse("  "));
    }

    @Test
    void aTermClauseAllowsOneValue() {
        assertEquals(terms("category", "shoe"), MetadataFilter.parse("category=shoe"));
    }

    @Test
    void aTermClauseMayListSeveralValuesAnyOfWhichMatches() {
        MetadataFilter filter = MetadataFilter.parse("category=shoe,bag,hat");
        assertEquals(terms("category", "shoe", "bag", "hat"), filter);
        assertTrue(filter.matches(Map.of("category", "bag")));
        assertFalse(filter.matches(Map.of("category", "belt")));
    }

    @Test
    void spaceAroundKeysValuesAndSeparatorsIsIgnoredButNotInsideThem() {
        MetadataFilter filter = MetadataFilter.parse("  colour = dark red , blue ;  size = 1 .. 2 ");
        // Inside a value the space stays: "1 .. 2" is not a range, it is one term value.
        assertEquals(new MetadataFilter(Map.of("colour", Set.of("dark red", "blue"), "size", Set.of("1 .. 2")), Map.of()), filter);
    }

    @Test
    void blankValuesInAListAreSkippedAndRepeatedValuesCountOnce() {
        assertEquals(terms("tag", "a", "b"), MetadataFilter.parse("tag=a,,b, ,a,"));
    }

    @Test
    void clausesCombineWithAnd() {
        MetadataFilter filter = MetadataFilter.parse("category=shoe,bag;price=10..50;year=2020..");
        assertEquals(new MetadataFilter(Map.of("category", Set.of("shoe", "bag")),
                Map.of("price", new Range(10, 50), "year", new Range(2020, INF))), filter);
        assertTrue(filter.matches(Map.of("category", "bag", "price", 50, "year", 2021)));
        assertFalse(filter.matches(Map.of("category", "bag", "price", 50.01, "year", 2021)), "every clause must hold");
        assertFalse(filter.matches(Map.of("category", "hat", "price", 20, "year", 2021)), "every clause must hold");
        assertFalse(filter.matches(Map.of("category", "bag", "price", 20)), "a missing key fails its clause");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "price=10..50      | 10    | 50",
        "price=10..        | 10    | Infinity",
        "price=..50        | -Infinity | 50",
        "price=..          | -Infinity | Infinity",
        "price=3..3        | 3     | 3",
        "price=-5.5..+1e3  | -5.5  | 1000",
        "price=.5..5.      | 0.5   | 5",
        "price=1E-2..2e+1  | 0.01  | 20",
        "price=-10..-1     | -10   | -1",
        "price=007..010    | 7     | 10",
    })
    void aRangeClauseIsInclusiveAndEitherEndMayBeLeftOut(String text, double min, double max) {
        assertEquals(new MetadataFilter(Map.of(), Map.of("price", new Range(min, max))), MetadataFilter.parse(text));
    }

    @Test
    void aRangeIncludesBothEndsAndMatchesNumbersOnly() {
        MetadataFilter filter = MetadataFilter.parse("price=10..20");
        assertTrue(filter.matches(Map.of("price", 10)));
        assertTrue(filter.matches(Map.of("price", 20.0)));
        assertTrue(filter.matches(Map.of("price", 15L)));
        assertFalse(filter.matches(Map.of("price", 9.999)));
        assertFalse(filter.matches(Map.of("price", 20.001)));
        assertFalse(filter.matches(Map.of("price", "15")), "a string value is not in a numeric range");
    }

    @Test
    void aTermMatchesStringsOnlyAndIsCaseSensitive() {
        MetadataFilter filter = MetadataFilter.parse("size=42");
        assertTrue(filter.matches(Map.of("size", "42")));
        assertFalse(filter.matches(Map.of("size", 42)), "a number is not matched by a term");
        assertFalse(MetadataFilter.parse("colour=Red").matches(Map.of("colour", "red")));
    }

    @Test
    void keysAreCaseSensitiveSoDifferentlyCasedKeysAreTwoClauses() {
        assertEquals(new MetadataFilter(Map.of("Colour", Set.of("red"), "colour", Set.of("blue")), Map.of()),
                MetadataFilter.parse("Colour=red;colour=blue"));
    }

    @Test
    void onlyTheFirstEqualsSignSplitsKeyFromValue() {
        assertEquals(terms("formula", "a=b"), MetadataFilter.parse("formula=a=b"));
    }

    @Test
    void aValueThatLooksLikeARangeInAListIsATerm() {
        // "1..2,3" is not a range: the whole value must be one; so it lists the terms "1..2" and "3".
        assertEquals(terms("size", "1..2", "3"), MetadataFilter.parse("size=1..2,3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN..1", "1..NaN", "Infinity..", "0x10..20", "1..2..3", "a..b", "1_000..2", "1...2", "1....2"})
    void rangesOfWhatIsNotADecimalNumberAreTermValues(String value) {
        assertEquals(terms("v", value), MetadataFilter.parse("v=" + value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"p=1e999..", "p=..-1e400", "p=1e309..1e310"})
    void aBoundBeyondTheRangeOfADoubleIsRefusedInsteadOfBecomingInfinity(String clause) {
        var e = assertThrows(IllegalArgumentException.class, () -> MetadataFilter.parse(clause));
        assertEquals("filter range '" + clause + "' has a bound beyond the range of a double", e.getMessage());
    }

    @Test
    void andJoinsTwoFiltersOnDifferentKeysAndRefusesOneKeyConstrainedTwice() {
        MetadataFilter both = MetadataFilter.term("colour", "red").and(MetadataFilter.range("price", 1, 2));
        assertEquals(new MetadataFilter(Map.of("colour", Set.of("red")), Map.of("price", new MetadataFilter.Range(1, 2))), both);
        var e = assertThrows(IllegalArgumentException.class, () -> both.and(MetadataFilter.term("colour", "blue")));
        assertEquals("both filters constrain 'colour'; combine its condition into one filter", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> both.and(MetadataFilter.term("price", "3")));
    }

    @Test
    void theSyntaxHasNoEscapeSoASeparatorCannotBePartOfAValue() {
        // A backslash is an ordinary character: "a\,b" lists "a\" and "b", and "a\;b=c" is two clauses.
        assertEquals(terms("v", "a\\", "b"), MetadataFilter.parse("v=a\\,b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetadataFilter.parse("v=a\\;b"));
        assertEquals("filter clause 'b' must be key=value, key=v1,v2 or key=min..max", e.getMessage());
    }

    @Test
    void nonAsciiKeysAndValuesAreKeptAsWritten() {
        assertEquals(terms("färg", "röd", "青"), MetadataFilter.parse("färg=röd,青"));
    }

    // --- rejected forms, with the message the API answers with (after "filter: ") ---

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "category            | filter clause 'category' must be key=value, key=v1,v2 or key=min..max",
        "=shoe               | filter clause '=shoe' must be key=value, key=v1,v2 or key=min..max",
        "\" = shoe\"         | filter clause '= shoe' must be key=value, key=v1,v2 or key=min..max",
        "category=           | filter clause 'category=' must be key=value, key=v1,v2 or key=min..max",
        "\"category=   \"    | filter clause 'category=' must be key=value, key=v1,v2 or key=min..max",
        "=                   | filter clause '=' must be key=value, key=v1,v2 or key=min..max",
        "a=1;b               | filter clause 'b' must be key=value, key=v1,v2 or key=min..max",
        "category=,,         | filter clause 'category=,,' lists no value",
        "\"category= , \"    | filter clause 'category= ,' lists no value",
        "a=1;a=2             | filter key 'a' appears twice; list its values in one clause: a=v1,v2",
        "\"a=x; a =1..2\"    | filter key 'a' appears twice; list its values in one clause: a=v1,v2",
        "price=10..5         | filter range 'price=10..5' has min > max",
        "price=-1..-2        | filter range 'price=-1..-2' has min > max",
    })
    void aBrokenClauseIsRejectedNamingIt(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetadataFilter.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aRangeBuiltDirectlyRefusesNaNAndReversedEnds() {
        assertEquals("a range needs min <= max, got NaN..1.0",
                assertThrows(IllegalArgumentException.class, () -> new Range(Double.NaN, 1)).getMessage());
        assertEquals("a range needs min <= max, got 2.0..1.0",
                assertThrows(IllegalArgumentException.class, () -> new Range(2, 1)).getMessage());
    }

    @Test
    void aTermConditionWithNoValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MetadataFilter(Map.of("category", Set.of()), Map.of()));
        assertEquals("filter on 'category' allows no value", e.getMessage());
    }

    // --- limits: 16 keys x 64 values ---

    @Test
    void sixteenKeysAreAllowedAndASeventeenthIsRefused() {
        assertEquals(16, MetadataFilter.parse(clauses(16, 1)).terms().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetadataFilter.parse(clauses(17, 1)));
        assertEquals("filter has 17 conditions; at most 16 keys may be filtered on at once", e.getMessage());
    }

    @Test
    void rangesCountAsKeysTowardsTheLimit() {
        MetadataFilter sixteen = MetadataFilter.parse(clauses(14, 1) + ";price=1..2;year=2020..");
        assertEquals(List.of(14, 2), List.of(sixteen.terms().size(), sixteen.ranges().size()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetadataFilter.parse(clauses(15, 1) + ";price=1..2;year=2020.."));
        assertEquals("filter has 17 conditions; at most 16 keys may be filtered on at once", e.getMessage());
    }

    @Test
    void sixtyFourValuesPerKeyAreAllowedAndASixtyFifthIsRefused() {
        assertEquals(64, MetadataFilter.parse("k=" + values(64)).terms().get("k").size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetadataFilter.parse("k=" + values(65)));
        assertEquals("filter on 'k' lists 65 values; at most 64 are allowed per key", e.getMessage());
    }

    @Test
    void repeatedValuesDoNotCountTowardsTheLimit() {
        assertEquals(64, MetadataFilter.parse("k=" + values(64) + ",v0,v1,v63").terms().get("k").size());
    }

    @Test
    void aFilterAtBothLimitsAnswersASearchOnARealIndex() throws IOException {
        // 16 keys x 64 values is 1024 term clauses: Lucene's clause limit, which the limits are chosen to fit.
        MetadataFilter full = MetadataFilter.parse(clauses(16, 64));
        Map<String, Object> matching = new LinkedHashMap<>();
        Map<String, Object> missingOne = new LinkedHashMap<>();
        for (int key = 0; key < 16; key++) {
            matching.put("k" + key, "v63");
            missingOne.put("k" + key, key == 15 ? "v64" : "v0");
        }
        try (CatalogIndex index = CatalogIndex.open(dir, 50)) {
            index.upsert(List.of(new CatalogItem("in", new float[] {1, 0, 0}, null, matching),
                    new CatalogItem("out", new float[] {1, 0.1f, 0}, null, missingOne)));
            index.refresh();
            List<Hit> hits = index.search(new float[] {1, 0, 0}, 2, full);
            assertEquals(List.of("in"), hits.stream().map(h -> h.item().id()).toList());
            assertEquals(1, index.find(full, 10).total());
        }
    }

    @Test
    void messagesCarryNoJavaNames() {
        for (String text : List.of("x", "a=1;a=2", "p=3..1", "k=" + values(65), clauses(17, 1), "k=,")) {
            String message = assertThrows(IllegalArgumentException.class, () -> MetadataFilter.parse(text)).getMessage();
            assertFalse(message.contains("Exception") || message.contains("java.") || message.contains("MetadataFilter"), message);
        }
    }

    private static MetadataFilter terms(String key, String... values) {
        return new MetadataFilter(Map.of(key, new LinkedHashSet<>(List.of(values))), Map.of());
    }

    /** {@code k0=v0,..;k1=v0,..;...}: {@code keys} clauses of {@code perKey} values each. */
    private static String clauses(int keys, int perKey) {
        return IntStream.range(0, keys).mapToObj(k -> "k" + k + "=" + values(perKey)).collect(Collectors.joining(";"));
    }

    private static String values(int n) {
        return IntStream.range(0, n).mapToObj(v -> "v" + v).collect(Collectors.joining(","));
    }
}
