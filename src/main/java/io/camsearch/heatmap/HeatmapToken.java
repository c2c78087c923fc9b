package io.camsearch.heatmap;

import io.camsearch.cam.Box;
import io.camsearch.cam.Grid;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;

/**
 * Everything a heatmap's images are drawn from, small enough to travel in a URL: the heatmap
 * ReLU(S) normalized to [0, 1] on the feature grid, the size of the image it explains, and the box
 * the search localized on it. A URL that carries it needs no state kept by the search that made
 * it, so any replica answers it, at any time later, with the same PNG (see {@link HeatmapRenderer}).
 *
 * <p>The box travels with the map rather than being localized again for each image: it is then
 * the JSON's box by construction, whatever the threshold of the replica that draws it, and an
 * image costs no connected-component pass.
 *
 * <p>Version 1 of the encoded form, base64url without padding, all numbers unsigned big-endian:
 * version (1 byte, = 1), grid height and width (1 byte each), image width and height (2 bytes
 * each), the box's x, y, width, height (2 bytes each; all 0 for no box), then each cell,
 * row-major, as 16 bits: {@code round(value * 65535)}. Sixteen bits keep every value within
 * 1/131070 of the map, finer than any colour drawn from it; a 12 x 12 map is 404 characters. The
 * search answers its grid and box from the quantized map, so the JSON and the images agree.
 *
 * @param map ReLU(S) normalized to [0, 1], each value a multiple of 1/65535
 * @param imageWidth the width of the image the map explains, in its original pixels (the box's unit)
 * @param imageHeight its height
 * @param box the largest region above the threshold, in those pixels; empty when nothing supports the proxy
 */
public record HeatmapToken(Grid map, int imageWidth, int imageHeight, Optional<Box> box) {

    public static final int VERSION = 1;
    /**
     * 32 x 32 cells (2751 characters): any CNN's last feature grid at usual input sizes, in a URL
     * within the 4096-byte request line the HTTP server accepts (unless an item id is very long).
     */
    public static final int MAX_CELLS = 1024;
    private static final int MAX_U16 = 0xFFFF;
    private static final int MAX_U8 = 0xFF;
    private static final int HEADER_BYTES = 15;
    public static final int MAX_CHARS = base64Length(HEADER_BYTES + 2 * MAX_CELLS);

    public HeatmapToken {
        assert map.min() >= 0 && map.max() <= 1 : "a token holds a [0,1] map, got [" + map.min() + ", " + map.max() + "]";
        if (imageWidth < 1 || imageHeight < 1) {
            throw new IllegalArgumentException("a heatmap explains an image of positive size, got " + imageWidth + " x " + imageHeight);
        }
        box.ifPresent(b -> {
            if (b.right() > imageWidth || b.bottom() > imageHeight) {
                throw new IllegalArgumentException("the box " + b + " reaches outside the " + imageWidth + " x " + imageHeight + " image");
            }
        });
    }

    /**
     * The token of a signed map S over an image of the given size: ReLU(S) normalized, quantized to
     * 16 bits, and the box localized on the quantized map at {@code threshold} ({@link Heatmap#localize}).
     */
    public static HeatmapToken of(Grid signedMap, int imageWidth, int imageHeight, double threshold) {
        float[] values = signedMap.relu().normalized().values();
        for (int i = 0; i < values.length; i++) {
            values[i] = level(values[i]) / (float) MAX_U16;
        }
        Grid quantized = new Grid(signedMap.height(), signedMap.width(), values);
        return new HeatmapToken(quantized, imageWidth, imageHeight, Heatmap.localize(quantized, imageWidth, imageHeight, threshold));
    }

    /** The URL-safe text of this token; empty when the grid or image is too large for one (then the search gives no image URLs). */
    public Optional<String> encoded() {
        int cells = map.height() * map.width();
        if (cells > MAX_CELLS || map.height() > MAX_U8 || map.width() > MAX_U8 || imageWidth > MAX_U16 || imageHeight > MAX_U16) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_BYTES + 2 * cells);
        bytes.put((byte) VERSION).put((byte) map.height()).put((byte) map.width());
        bytes.putShort((short) imageWidth).putShort((short) imageHeight);
        Box b = box.orElse(null);
        for (int v : b == null ? new int[4] : new int[] {b.x(), b.y(), b.width(), b.height()}) {
            bytes.putShort((short) v);
        }
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
        if (raw.length < HEADER_BYTES) {
            throw bad(parameter, "is too short to hold a heatmap");
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw);
        int version = u8(bytes);
        if (version != VERSION) {
            throw bad(parameter, "has version " + version + "; this service reads version " + VERSION);
        }
        int height = u8(bytes);
        int width = u8(bytes);
        int imageWidth = u16(bytes);
        int imageHeight = u16(bytes);
        if (height == 0 || width == 0 || height * width > MAX_CELLS) {
            throw bad(parameter, "has a " + height + " x " + width + " grid; a heatmap has 1 to " + MAX_CELLS + " cells");
        }
        if (imageWidth == 0 || imageHeight == 0) {
            throw bad(parameter, "explains an image of " + imageWidth + " x " + imageHeight + " pixels");
        }
        Optional<Box> box = box(parameter, u16(bytes), u16(bytes), u16(bytes), u16(bytes), imageWidth, imageHeight);
        if (bytes.remaining() != 2 * height * width) {
            throw bad(parameter, "holds " + bytes.remaining() + " bytes of values; a " + height + " x " + width + " grid needs " + 2 * height * width);
        }
        float[] values = new float[height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = u16(bytes) / (float) MAX_U16;
        }
        return new HeatmapToken(new Grid(height, width, values), imageWidth, imageHeight, box);
    }

    private static Optional<Box> box(String parameter, int x, int y, int width, int height, int imageWidth, int imageHeight) {
        if (x == 0 && y == 0 && width == 0 && height == 0) {
            return Optional.empty();
        }
        if (width == 0 || height == 0 || x + width > imageWidth || y + height > imageHeight) {
            throw bad(parameter, "has a box at (" + x + ", " + y + ") of " + width + " x " + height + ", not inside its "
                    + imageWidth + " x " + imageHeight + " image");
        }
        return Optional.of(new Box(x, y, width, height));
    }

    private static int level(float value) {
        return Math.round(Math.clamp(value, 0f, 1f) * MAX_U16);
    }

    private static int u8(ByteBuffer bytes) {
        return bytes.get() & MAX_U8;
    }

    private static int u16(ByteBuffer bytes) {
        return bytes.getShort() & MAX_U16;
    }

    /** The length of {@code bytes} bytes in unpadded base64. */
    private static int base64Length(int bytes) {
        return bytes / 3 * 4 + (bytes % 3 == 0 ? 0 : bytes % 3 + 1);
    }

    private static IllegalArgumentException bad(String parameter, String problem) {
        return new IllegalArgumentException(parameter + " must be a heatmap token from a search answer; it " + problem);
    }
}
