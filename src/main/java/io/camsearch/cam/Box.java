package io.camsearch.cam;

import java.util.Optional;

/**
 * An axis-aligned box of whole pixels in image (or grid) coordinates: {@code (x, y)} is the
 * top-left pixel, included, and the box covers columns {@code x .. x + width - 1} and rows
 * {@code y .. y + height - 1}. This is the x, y, width, height layout of CUB-200's
 * {@code bounding_boxes.txt}.
 */
public record Box(int x, int y, int width, int height) {

    /**
     * @throws IllegalArgumentException when {@code x} or {@code y} is negative, a side is not
     *     positive, or the far edge does not fit in an int
     */
    public Box {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a box needs x, y >= 0 and width, height > 0, got " + x
                    + ", " + y + ", " + width + ", " + height);
        }
        if ((long) x + width > Integer.MAX_VALUE || (long) y + height > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("box edge beyond int range: " + x + ", " + y + ", "
                    + width + ", " + height);
        }
    }

    /** The first column right of the box (exclusive edge). */
    public int right() {
        return x + width;
    }

    /** The first row below the box (exclusive edge). */
    public int bottom() {
        return y + height;
    }

    /** The number of pixels the box covers. */
    public long area() {
        return (long) width * height;
    }

    /** The pixels both boxes cover; empty when they share none (boxes that only touch share none). */
    public Optional<Box> intersection(Box other) {
        int left = Math.max(x, other.x);
        int top = Math.max(y, other.y);
        int right = Math.min(right(), other.right());
        int bottom = Math.min(bottom(), other.bottom());
        if (right <= left || bottom <= top) {
            return Optional.empty();
        }
        return Optional.of(new Box(left, top, right - left, bottom - top));
    }

    /** Intersection over union of the pixel sets, in [0,1]. */
    public double iou(Box other) {
        long shared = intersection(other).map(Box::area).orElse(0L);
        return (double) shared / (area() + other.area() - shared);
    }
}
