package io.camsearch.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeatmapTokenTest {

    @Test
    void aTokenRoundTripsItsMapAndBoxExactlyAndTheMapIsTheNormalizedHeatmapWithin16Bits() {
        for (int side : new int[] {7, 12, 32}) {
            Grid signed = signedMap(new Random(side), side, side);
            HeatmapToken token = HeatmapToken.of(signed, 640, 480, 0.2);

            HeatmapToken decoded = HeatmapToken.decode("map", token.encoded().orElseThrow());

            assertEquals(token, decoded, side + " x " + side);
            assertArrayEquals(token.map().values(), decoded.map().values());
            float[] exact = signed.relu().normalized().values();
            float[] kept = decoded.map().values();
            for (int i = 0; i < exact.length; i++) {
                assertEquals(exact[i], kept[i], 0.5 / 65535 + 1e-7, "cell " + i);
            }
            assertEquals(1f, decoded.map().max(), "the peak cell stays exactly 1");
            assertTrue(decoded.box().isPresent());
            assertEquals(Heatmap.localize(decoded.map(), 640, 480, 0.2), decoded.box(), "the box is the decoded map's at the threshold");
        }
    }

    @Test
    void aTwelveByTwelveMapIs404UrlSafeCharacters() {
        String text = HeatmapToken.of(signedMap(new Random(1), 12, 12), 128, 96, 0.2).encoded().orElseThrow();

        assertEquals(404, text.length());
        assertTrue(text.matches("[A-Za-z0-9_-]+"), text);
    }

    @Test
    void aGridOrImageTooLargeForAUrlHasNoEncodedForm() {
        assertTrue(HeatmapToken.of(signedMap(new Random(2), 33, 32), 100, 100, 0.2).encoded().isEmpty(), "1056 cells");
        assertTrue(HeatmapToken.of(signedMap(new Random(3), 2, 300), 100, 100, 0.2).encoded().isEmpty(), "300 columns do not fit a byte");
        assertTrue(HeatmapToken.of(signedMap(new Random(4), 4, 4), 70_000, 10, 0.2).encoded().isEmpty(), "70000 pixels wide");
        assertTrue(HeatmapToken.of(signedMap(new Random(5), 32, 32), 65_535, 65_535, 0.2).encoded().isPresent(), "the largest token");
    }

    @Test
    void malformedTokensAreRejectedNamingTheParameterAndTheProblem() {
        assertBad(null, "map must be a heatmap token from a search answer; it is missing");
        assertBad("", "is missing");
        assertBad("not*base64", "is not base64url text");
        assertBad("AQwMAIAAgA", "too short");
        assertBad(encode(2, 1, 1, 10, 10, NO_BOX, 1), "has version 2; this service reads version 1");
        assertBad(encode(1, 0, 4, 10, 10, NO_BOX, 0), "has a 0 x 4 grid; a heatmap has 1 to 1024 cells");
        assertBad(encode(1, 33, 32, 10, 10, NO_BOX, 0), "has a 33 x 32 grid");
        assertBad(encode(1, 2, 2, 0, 10, NO_BOX, 4), "explains an image of 0 x 10 pixels");
        assertBad(encode(1, 2, 2, 10, 10, new int[] {5, 5, 6, 2}, 4), "has a box at (5, 5) of 6 x 2, not inside its 10 x 10 image");
        assertBad(encode(1, 2, 2, 10, 10, new int[] {1, 1, 0, 2}, 4), "has a box at (1, 1) of 0 x 2");
        assertBad(encode(1, 2, 2, 10, 10, NO_BOX, 3), "holds 6 bytes of values; a 2 x 2 grid needs 8");
        assertBad(encode(1, 2, 2, 10, 10, NO_BOX, 5), "holds 10 bytes of values");
        assertBad("A".repeat(HeatmapToken.MAX_CHARS + 1), "is 2752 characters long, more than the 2751 of the largest heatmap");
    }

    @Test
    void anyMapOfSixteenBitValuesWithABoxInsideItsImageIsAValidTokenAndDraws() {
        HeatmapToken token = HeatmapToken.decode("map", encode(1, 2, 3, 30, 20, new int[] {29, 0, 1, 20}, 6));

        assertEquals(3, token.map().width());
        assertEquals(30, token.imageWidth());
        assertEquals(20, token.imageHeight());
        assertEquals(new Box(29, 0, 1, 20), token.box().orElseThrow());
        assertEquals(200, new HeatmapRenderer(512).heatmap(token, 300, 0).getHeight());
    }

    private static void assertBad(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeatmapToken.decode("map", text));
        assertTrue(e.getMessage().startsWith("map must be a heatmap token"), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static final int[] NO_BOX = new int[4];

    /** A token by hand: the header as given and {@code values} cells of ascending 16-bit values. */
    private static String encode(int version, int height, int width, int imageWidth, int imageHeight, int[] box, int values) {
        ByteBuffer bytes = ByteBuffer.allocate(15 + 2 * values);
        bytes.put((byte) version).put((byte) height).put((byte) width).putShort((short) imageWidth).putShort((short) imageHeight);
        for (int v : box) {
            bytes.putShort((short) v);
        }
        for (int i = 0; i < values; i++) {
            bytes.putShort((short) (i * 9000));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    static Grid signedMap(Random random, int height, int width) {
        float[] values = new float[height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new Grid(height, width, values);
    }
}
