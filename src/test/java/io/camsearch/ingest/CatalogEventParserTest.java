package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.source.ImageSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way a catalog-images record can be wrong gives its own reason, with a message that names the problem. */
class CatalogEventParserTest {

    private static final CatalogEventParser PARSER = new CatalogEventParser();
    private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    private static final String B64 = Base64.getEncoder().encodeToString(IMAGE);

    // --- accepted events ---

    @Test
    void base64PayloadDropsADataUrlPrefixAndEveryKindOfWhiteSpaceOnly() {
        assertEquals("QUJD", ImageSource.Inline.payload("QUJD"));
        assertEquals("QUJDRA==", ImageSource.Inline.payload("data:image/png;base64,QU\r\nJD\tRA\u000B==\f "));
        assertEquals("data:QUJD", ImageSource.Inline.payload("data:QUJD"));
    }

    @Test
    void anInlineEventBecomesAnUpsertWithTheDecodedBytesAndTypedMetadata() throws Exception {
        CatalogEvent event = parse("shoe-1", """
                {"id": "shoe-1", "image": {"base64": "%s"},
                 "metadata": {"category": "shoe", "price": 42, "weight": 0.25, "big": 12345678901234567890}}""".formatted(B64));

        CatalogEvent.Upsert upsert = assertInstanceOf(CatalogEvent.Upsert.class, event);
        assertEquals("shoe-1", upsert.id());
        assertArrayEquals(IMAGE, assertInstanceOf(ImageSource.Inline.class, upsert.image()).bytes());
        assertEquals("shoe", upsert.metadata().get("category"));
        assertEquals(42L, upsert.metadata().get("price"), "integers are longs");
        assertEquals(0.25, upsert.metadata().get("weight"));
        assertEquals(1.2345678901234567e19, (Double) upsert.metadata().get("big"), 1e5, "an integer beyond a long is kept as a double");
        assertEquals(4, upsert.metadata().size());
    }

    @Test
    void aUrlEventBecomesAnUpsertWithItsUrl() throws Exception {
        CatalogEvent event = parse("a", "{\"id\": \"a\", \"image\": {\"url\": \" https://cdn.example/a.png \"}}");

        CatalogEvent.Upsert upsert = assertInstanceOf(CatalogEvent.Upsert.class, event);
        assertEquals(URI.create("https://cdn.example/a.png"), assertInstanceOf(ImageSource.Remote.class, upsert.image()).url());
        assertEquals(Map.of(), upsert.metadata(), "no metadata is empty metadata");
    }

    @Test
    void theIdMayComeFromTheKeyAloneOrFromTheJsonAlone() throws Exception {
        assertEquals("from-key", parse("from-key", "{\"image\": {\"base64\": \"" + B64 + "\"}}").id());
        assertEquals("from-json", parse(null, "{\"id\": \"from-json\", \"image\": {\"base64\": \"" + B64 + "\"}}").id());
        assertEquals("k", parse("k", "{\"id\": null, \"image\": {\"base64\": \"" + B64 + "\"}}").id());
    }

    @Test
    void aDataUrlPrefixAndWhitespaceInBase64AreAccepted() throws Exception {
        String wrapped = "data:image/png;base64," + B64.substring(0, 4) + "\n " + B64.substring(4);
        CatalogEvent event = parse("d", "{\"image\": {\"base64\": \"" + wrapped.replace("\n", "\\n") + "\"}}");

        assertArrayEquals(IMAGE, ((ImageSource.Inline) ((CatalogEvent.Upsert) event).image()).bytes());
    }

    @Test
    void aTombstoneIsADeleteOfTheKey() throws Exception {
        assertEquals(new CatalogEvent.Delete("gone-1"), PARSER.parse("gone-1", null));
    }

    @Test
    void metadataAtItsLimitsIsAccepted() throws Exception {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < CatalogEventParser.MAX_METADATA_KEYS - 1; i++) {
            metadata.put("k" + i, i);
        }
        metadata.put("a.b_c-D9", "x".repeat(CatalogEventParser.MAX_METADATA_VALUE_LENGTH));
        String id = "i".repeat(CatalogEventParser.MAX_ID_LENGTH);

        CatalogEvent.Upsert upsert = (CatalogEvent.Upsert) PARSER.parse(id, io.camsearch.local.CatalogPublisher.inlineEvent(id, IMAGE, metadata));

        assertEquals(CatalogEventParser.MAX_METADATA_KEYS, upsert.metadata().size());
        assertEquals(id, upsert.id());
    }

    // --- MALFORMED_JSON ---

    @Test
    void aValueThatIsNotJsonIsMalformedJson() {
        rejected("MALFORMED_JSON", "the value is not JSON", "k", "{\"id\": \"k\", ");
        rejected("MALFORMED_JSON", "the value is not JSON", "k", "not json at all");
    }

    @Test
    void jsonThatIsNotAnObjectIsMalformedJsonNamingWhatItIs() {
        rejected("MALFORMED_JSON", "must be a JSON object {id, image, metadata}, got array", "k", "[1, 2]");
        rejected("MALFORMED_JSON", "got string", "k", "\"just a string\"");
        rejected("MALFORMED_JSON", "got null", "k", "null");
        rejected("MALFORMED_JSON", "must be a JSON object", "k", "");
    }

    // --- MISSING_ID ---

    @Test
    void anEventWithNeitherKeyNorIdIsMissingItsId() {
        rejected("MISSING_ID", "neither a record key nor an \"id\"", null, "{\"image\": {\"base64\": \"" + B64 + "\"}}");
    }

    @Test
    void aTombstoneWithoutAKeyIsMissingItsId() {
        var e = assertThrows(EventRejectedException.class, () -> PARSER.parse(null, null));
        assertEquals("MISSING_ID", e.reason());
        assertTrue(e.getMessage().contains("tombstone (null value) needs the item id as its key"), e.getMessage());
        assertEquals("MISSING_ID", assertThrows(EventRejectedException.class, () -> PARSER.parse("  ", null)).reason());
    }

    @Test
    void anIdThatIsNotAStringOrBlankIsMissingItsId() {
        rejected("MISSING_ID", "\"id\" must be a string, got number", null, "{\"id\": 7, \"image\": {\"base64\": \"" + B64 + "\"}}");
        rejected("MISSING_ID", "the item id is blank", null, "{\"id\": \" \", \"image\": {\"base64\": \"" + B64 + "\"}}");
    }

    // --- BAD_ID ---

    @Test
    void aTooLongIdIsABadId() {
        String tooLong = "x".repeat(CatalogEventParser.MAX_ID_LENGTH + 1);
        rejected("BAD_ID", "513 characters; at most 512", tooLong, "{\"image\": {\"base64\": \"" + B64 + "\"}}");
    }

    @Test
    void dotSegmentsControlCharactersAndSeparatorsAreBadIdsNamingTheRuleAndNeverEchoingTheCharacter() {
        String event = "{\"image\": {\"base64\": \"" + B64 + "\"}}";
        rejected("BAD_ID", "the item id '..' is a relative path segment", "..", event);
        rejected("BAD_ID", "the item id '.' is a relative path segment", ".", event);
        rejected("BAD_ID", "U+0000 at position 1", "a\u0000b", event);
        rejected("BAD_ID", "U+000A at position 3", "one\ntwo", event);
        rejected("BAD_ID", "'/' at position 1", "a/b", event);
        rejected("BAD_ID", "',' at position 1", "a,b", event);
        rejected("BAD_ID", "U+00E9 at position 1", "caf\u00e9".substring(2), event);
        rejected("BAD_ID", "ASCII letters, digits and -_.~:@", "a b", event);
        rejected("BAD_ID", "U+000A at position 1", null, "{\"id\": \"x\\ny\", \"image\": {\"base64\": \"" + B64 + "\"}}");
    }

    @Test
    void aTombstoneWithABadIdIsABadId() {
        var e = assertThrows(EventRejectedException.class, () -> PARSER.parse("..", null));
        assertEquals("BAD_ID", e.reason());
        e = assertThrows(EventRejectedException.class, () -> PARSER.parse("line\nbreak", null));
        assertEquals("BAD_ID", e.reason());
        assertTrue(e.getMessage().contains("U+000A at position 4"), e.getMessage());
    }

    @Test
    void idsOfEveryAllowedCharacterAreAccepted() throws Exception {
        String id = "Sku:AZaz09-_.~@...";
        assertEquals(id, PARSER.parse(id, null).id());
        assertEquals("...", PARSER.parse("...", null).id(), "only . and .. are path segments");
    }

    // --- ID_MISMATCH ---

    @Test
    void aKeyAndIdThatDifferAreAMismatchNamingBoth() {
        rejected("ID_MISMATCH", "the record key 'key-1' and the event's \"id\" 'id-2' differ", "key-1",
                "{\"id\": \"id-2\", \"image\": {\"base64\": \"" + B64 + "\"}}");
    }

    // --- MISSING_IMAGE ---

    @Test
    void anEventWithoutAnImageObjectIsMissingItsImage() {
        rejected("MISSING_IMAGE", "needs \"image\": {\"url\": ...} or {\"base64\": ...}", "k", "{\"id\": \"k\"}");
        rejected("MISSING_IMAGE", "needs \"image\"", "k", "{\"id\": \"k\", \"image\": \"https://cdn.example/a.png\"}");
    }

    @Test
    void anImageWithNeitherOrBothSourcesIsMissingItsImage() {
        rejected("MISSING_IMAGE", "exactly one of \"url\" and \"base64\", got neither", "k", "{\"image\": {}}");
        rejected("MISSING_IMAGE", "got both", "k", "{\"image\": {\"url\": \"https://a/b.png\", \"base64\": \"" + B64 + "\"}}");
        rejected("MISSING_IMAGE", "\"image.url\" must be a string", "k", "{\"image\": {\"url\": 5}}");
    }

    // --- BAD_BASE64 ---

    @Test
    void base64ThatIsNotBase64OrNotAStringIsBadBase64() {
        rejected("BAD_BASE64", "\"image.base64\" is not base64", "k", "{\"image\": {\"base64\": \"!!not*base64!!\"}}");
        rejected("BAD_BASE64", "\"image.base64\" must be a string", "k", "{\"image\": {\"base64\": [1, 2]}}");
    }

    // --- BAD_METADATA ---

    @Test
    void nestedMetadataIsBadMetadataNamingTheKey() {
        rejected("BAD_METADATA", "metadata 'dims' is an object; only strings and numbers", "k",
                "{\"image\": {\"base64\": \"" + B64 + "\"}, \"metadata\": {\"ok\": 1, \"dims\": {\"w\": 3}}}");
        rejected("BAD_METADATA", "metadata 'tags' is an array", "k",
                "{\"image\": {\"base64\": \"" + B64 + "\"}, \"metadata\": {\"tags\": [\"a\"]}}");
        rejected("BAD_METADATA", "metadata 'sale' is a boolean; only strings and numbers can be stored and filtered (send a boolean as \"true\"/\"false\")", "k",
                "{\"image\": {\"base64\": \"" + B64 + "\"}, \"metadata\": {\"sale\": true}}");
        rejected("BAD_METADATA", "metadata 'color' is a null", "k",
                "{\"image\": {\"base64\": \"" + B64 + "\"}, \"metadata\": {\"color\": null}}");
    }

    @Test
    void metadataThatIsNotAnObjectIsBadMetadata() {
        rejected("BAD_METADATA", "\"metadata\" must be an object of string and number values", "k",
                "{\"image\": {\"base64\": \"" + B64 + "\"}, \"metadata\": [\"shoe\"]}");
    }

    @Test
    void metadataBeyondItsLimitsIsBadMetadataSayingWhichLimit() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i <= CatalogEventParser.MAX_METADATA_KEYS; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": 1");
        }
        many.append('}');
        rejected("BAD_METADATA", "has 65 keys; at most 64", "k", "{\"image\": {\"base64\": \"" + B64 + "\"}, \"metadata\": " + many + "}");
        rejected("BAD_METADATA", "metadata key 'two words' must be 1-128 characters of letters, digits", "k",
                "{\"image\": {\"base64\": \"" + B64 + "\"}, \"metadata\": {\"two words\": 1}}");
        rejected("BAD_METADATA", "metadata 'name' has 1025 characters; at most 1024", "k",
                "{\"image\": {\"base64\": \"" + B64 + "\"}, \"metadata\": {\"name\": \"" + "n".repeat(1025) + "\"}}");
        rejected("BAD_METADATA", "metadata 'huge' is not a finite number", "k",
                "{\"image\": {\"base64\": \"" + B64 + "\"}, \"metadata\": {\"huge\": 1e400}}");
    }

    // --- URL_NOT_ALLOWED (the URL is checked as it is parsed) ---

    @Test
    void aUrlWithoutASchemeOrThatIsNoUrlIsNotAllowed() {
        rejected("URL_NOT_ALLOWED", "\"image.url\" 'images/a.png' has no scheme; use http, https or file", "k",
                "{\"image\": {\"url\": \"images/a.png\"}}");
        rejected("URL_NOT_ALLOWED", "\"image.url\" is not a URL", "k", "{\"image\": {\"url\": \"http://exa mple/a.png\"}}");
    }

    private static CatalogEvent parse(String key, String value) throws EventRejectedException {
        return PARSER.parse(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void rejected(String reason, String messagePart, String key, String value) {
        var e = assertThrows(EventRejectedException.class, () -> parse(key, value), value);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' should contain '" + messagePart + "'");
    }
}
