package io.camsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camsearch.image.ImageLimits;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A JSON request may carry, as base64, an image as large as camsearch.images.max-bytes allows, and no string much longer. */
class JsonLimitsTest {

    private static final long TWENTY_MIB = 20L * 1024 * 1024;

    @Test
    void theLongestStringIsTheBase64OfTheLargestImageWrappedAsMimeWrapsItPlusAPrefix() {
        long base64 = Base64.getEncoder().encodeToString(new byte[(int) TWENTY_MIB]).length();
        long wrapped = Base64.getMimeEncoder().encodeToString(new byte[(int) TWENTY_MIB]).length() + 2; // MIME omits the last line break
        assertEquals(4 * ((TWENTY_MIB + 2) / 3), base64);
        assertEquals(wrapped + 256, JsonLimits.maxStringLength(TWENTY_MIB));
        assertEquals(1 << 20, JsonLimits.maxStringLength(1000), "strings of a small image limit's service still fit filters and ids");
    }

    @Test
    void theBase64OfA16AndAHalfMegabyteImageIsReadWhereJacksonsDefaultRefusedIt() throws Exception {
        byte[] image = new byte[16_500_000];
        String json = "{\"image\": {\"base64\": \"" + Base64.getEncoder().encodeToString(image) + "\"}}";
        JsonMappingException defect = assertThrows(JsonMappingException.class, () -> new ObjectMapper().readValue(json, ApiJson.SearchRequest.class));
        assertTrue(defect.getCause() instanceof StreamConstraintsException, "the defect: Jackson's default limit of 20,000,000 characters");

        ObjectMapper mapper = new ObjectMapper();
        new JsonLimits(ImageLimits.DEFAULT.withMaxBytes(TWENTY_MIB)).customize(mapper);
        assertEquals(22_000_000, mapper.readValue(json, ApiJson.SearchRequest.class).image().base64().length());
    }

    @Test
    void aStringPastTheLimitIsRefusedWhileReadingItsField() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonLimits(ImageLimits.DEFAULT.withMaxBytes(1_000_000)).customize(mapper);
        String json = "{\"image\": {\"base64\": \"" + "A".repeat(JsonLimits.maxStringLength(1_000_000) + 1) + "\"}}";
        JsonMappingException e = assertThrows(JsonMappingException.class, () -> mapper.readValue(json, ApiJson.SearchRequest.class));
        assertTrue(e.getCause() instanceof StreamConstraintsException, String.valueOf(e.getCause()));
    }
}
