package io.camsearch.search;

import io.camsearch.cam.Grid;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;

/**
 * Everything a heatmap's images are drawn from, small enough to travel in a URL: the heatmap
 * ReLU(S) normalized to [0, 1] on the feature grid, and the size of the image it explains. A URL
 * that carries it needs no state kept by the search that made it, so any replica answers it, at
 * any time later (see {@link HeatmapImages}).
 *
 * <p>Version 1 of the encoded form, base64url without padding: byte 1 (version), grid height and
 * width (one byte each), image width and height (two bytes each, big-endian), then each cell,
 * row-major, as an unsigned 16-bit big-endian {@code round(value * 65535)}. Sixteen bits keep
 * every value within 1/131070 of the map, finer than any colour or box drawn from it; a 12 x 12
 * map is 391 characters. The search answers its grid and box from the quantized map, so the JSON
 * and the images agree exactly.
 *
 * @param map ReLU(S) normalized to [0, 1], each value a multiple of 1/65535
 * @param imageWidth the width of the image the map explains, in its original pixels (the JSON box's unit)
 * @param imageHeight its height
 */
public record HeatmapToken(Grid map, int imageWidth, int imageHeight) {

    static final int VERSION = 1;
    /** 32 x 32 cells: any CNN's last feature grid at usual input sizes; the URL stays within 4096-byte request lines. */
    static final int MAX_CELLS = 1024;
    static final int MAX_IMAGE_SIDE = 0xFFFF;
    private static final int HEADER_BYTES = 7;
    private static final int LEVELS = 0xFFFF;
    static final int MAX_CHARS = (HEADER_BYTES + 2 * MAX_CELLS + 2) / 3 * 4;

    public HeatmapToken {
        assert map.min() >= 0 && map.max() <= 1 : "a token holds a [0,1] map, got [" + map.min() + ", " + map.max() + "]";
        if (imageWidth < 1 || imageHeight < 1) {
            throw new IllegalArgumentException("a heatmap explains an image of positive size, got " + imageWidth + " x " + imageHeight);
        }
    }

    /** The token of a signed map S over an image of the given size: ReLU(S) normalized, quantized to 16 bits. */
    static HeatmapToken of(Grid signedMap, int imageWidth, int imageHeight) {
        float[] values = signedMap.relu().normalized().values();
        for (int i = 0; i < values.length; i++) {
            values[i] = level(values[i]) / (float) LEVELS;
        }
        return new HeatmapToken(new Grid(signedMap.height(), signedMap.width(), values), imageWidth, imageHeight);
    }

    /** The URL-safe text of this token; empty when the grid or image is too large for one (then the search gives no image URLs). */
    public Optional<String> encoded() {
        int cells = map.height() * map.width();
        if (cells > MAX_CELLS || map.height() > 0xFF || map.width() > 0xFF || imageWidth > MAX_IMAGE_SIDE || imageHeight > MAX_IMAGE_SIDE) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_BYTES + 2 * cells);
        bytes.put((byte) VERSION).put((byte) map.height()).put((byte) map.width());
        bytes.putShort((short) imageWidth).putShort((short) imageHeight);
        for (float v : map.values()) {
            bytes.putShort((short) level(v));
        }
        return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array()));
    }

    /**
     * Reads a token as {@link #encoded()} wrote it.
     *
     * @param parameter the request parameter it came in, named in the error
     * @throws IllegalArgumentException naming the parameter and what is wrong, for anything else
     */
    public static HeatmapToken decode(String parameter, String text) {
        if (text == null || text.isEmpty()) {
            throw bad(parameter, "is missing");
        }
        if (text.length() > MAX_CHARS) {
            throw bad(parameter, "is " + text.length() + " characters long, more than the " + MAX_CHARS + " of the largest heatmap");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw bad(parameter, "is not base64url text");
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw);
        if (raw.length < HEADER_BYTES) {
            throw bad(parameter, "is too short to hold a heatmap");
        }
        int version = bytes.get() & 0xFF;
        if (version != VERSION) {
            throw bad(parameter, "has version " + version + "; this service reads version " + VERSION);
        }
        int height = bytes.get() & 0xFF;
        int width = bytes.get() & 0xFF;
        int imageWidth = bytes.getShort() & 0xFFFF;
        int imageHeight = bytes.getShort() & 0xFFFF;
        if (height == 0 || width == 0 || height * width > MAX_CELLS) {
            throw bad(parameter, "has a " + height + " x " + width + " grid; a heatmap has 1 to " + MAX_CELLS + " cells");
        }
        if (imageWidth == 0 || imageHeight == 0) {
            throw bad(parameter, "explains an image of " + imageWidth + " x " + imageHeight + " pixels");
        }
        if (bytes.remaining() != 2 * height * width) {
            throw bad(parameter, "holds " + bytes.remaining() + " bytes of values; a " + height + " x " + width + " grid needs " + 2 * height * width);
        }
        float[] values = new float[height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = (bytes.getShort() & 0xFFFF) / (float) LEVELS;
        }
        return new HeatmapToken(new Grid(height, width, values), imageWidth, imageHeight);
    }

    private static int level(float value) {
        return Math.round(Math.clamp(value, 0f, 1f) * LEVELS);
    }

    private static IllegalArgumentException bad(String parameter, String problem) {
        return new IllegalArgumentException(parameter + " must be a heatmap token from a search answer; it " + problem);
    }
}
