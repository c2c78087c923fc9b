package io.camsearch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The consistency token's text form: what {@link WriteToken#encode()} writes, {@link WriteToken#parse} reads back, and what it refuses. */
class WriteTokenTest {

    @Test
    void anUpsertAndATombstoneReadBackAsWritten() {
        WriteToken upsert = WriteToken.upsert("sku:12.a@b~c_d-e", 3, 9_876_543_210L);
        WriteToken delete = WriteToken.delete("shoe-1", 0, 0);

        assertEquals(upsert, WriteToken.parse(upsert.encode()));
        assertEquals(delete, WriteToken.parse(delete.encode()));
        assertFalse(WriteToken.parse(upsert.encode()).deleted());
        assertTrue(WriteToken.parse(delete.encode()).deleted());
    }

    @Test
    void theTextIsUrlSafeWithoutPaddingOrCommas() {
        for (int length = 1; length < 40; length++) {
            String token = WriteToken.upsert("x".repeat(length), 1, 42).encode();
            assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
        }
    }

    @Test
    void theFormatIsTheVersionTheKindThenPartitionOffsetAndId() {
        assertEquals("1d2.17.bag-3", decoded(WriteToken.delete("bag-3", 2, 17).encode()));
        assertEquals("1u0.5.a.b", decoded(WriteToken.upsert("a.b", 0, 5).encode()), "dots in the id stay in the id");
    }

    @Test
    void aMalformedTokenIsRefusedSayingWhatIsWrong() {
        Map<String, String> problems = Map.of(
                "", "the consistency token is empty",
                "not base64!", "the consistency token is not base64url text (A-Z a-z 0-9 - _, no padding)",
                encoded("2u0.1.a"), "the consistency token is not a write token of a format this service reads",
                encoded("1x0.1.a"), "the consistency token names neither an upsert nor a delete",
                encoded("1u0.1"), "the consistency token lacks its partition, offset or item id",
                encoded("1u0.1."), "the consistency token lacks its partition, offset or item id",
                encoded("1u-1.1.a"), "the consistency token's partition is not a whole number >= 0",
                encoded("1u0.x.a"), "the consistency token's offset is not a whole number >= 0",
                encoded("1u2147483648.1.a"), "the consistency token's partition is out of range",
                encoded("1u0.9223372036854775808.a"), "the consistency token's offset is out of range");
        problems.forEach((token, message) ->
                assertEquals(message, assertThrows(IllegalArgumentException.class, () -> WriteToken.parse(token)).getMessage(), token));
        assertEquals("the consistency token has 801 characters; at most 800 are allowed",
                assertThrows(IllegalArgumentException.class, () -> WriteToken.parse("A".repeat(801))).getMessage());
    }

    @Test
    void aTokenNeedsAnIdAndANonNegativePlace() {
        assertThrows(IllegalArgumentException.class, () -> WriteToken.upsert("", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> WriteToken.upsert("a", -1, 0));
        assertThrows(IllegalArgumentException.class, () -> WriteToken.delete("a", 0, -1));
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decoded(String token) {
        return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    }
}
