package io.camsearch.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A small copy of a catalog image, kept with the item so that hits can be shown (and the
 * hit-side heatmap drawn on them) without fetching the original again: the original itself when
 * it already fits and a browser shows it exactly as it was decoded (see {@link KeptOriginal}),
 * otherwise the image scaled to fit and encoded as JPEG.
 *
 * @param originalWidth the width of the image the model saw, in pixels; boxes are in these units
 * @param originalHeight the height of that image
 * @param bytes the image scaled to fit {@code maxSide} (never enlarged), as JPEG or PNG
 */
public record Thumbnail(int originalWidth, int originalHeight, byte[] bytes) {

    /** The longer side ingestion stores unless configured ({@code camsearch.ingest.thumbnail-max-side}): what the page shows. */
    public static final int DEFAULT_MAX_SIDE = 256;
    private static final float JPEG_QUALITY = 0.9f;
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);

    public Thumbnail {
        if (originalWidth <= 0 || originalHeight <= 0) {
            throw new IllegalArgumentException("a thumbnail's original size must be positive, got " + originalWidth + " x " + originalHeight);
        }
        if (bytes == null || !(KeptOriginal.isJpeg(bytes) || PngChunks.hasSignature(bytes))) {
            throw new IllegalArgumentException("a thumbnail needs JPEG or PNG bytes");
        }
    }

    /**
     * The thumbnail of a decoded image: its {@code original} bytes as they are when {@link
     * KeptOriginal#allows} them (nothing to scale, and re-encoding a small image costs more than
     * decoding it did), otherwise the image scaled to fit in {@code maxSide} x {@code maxSide} and
     * encoded as JPEG.
     */
    public static Thumbnail of(DecodedImage image, byte[] original, int maxSide) {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be >= 1, got " + maxSide);
        }
        byte[] bytes = KeptOriginal.allows(image, original, maxSide) ? original : encodeJpeg(scaleToFit(image.image(), maxSide));
        return new Thumbnail(image.width(), image.height(), bytes);
    }

    /** The media type of {@link #bytes()}: {@code image/png} or {@code image/jpeg}. */
    public String mediaType() {
        return PngChunks.hasSignature(bytes) ? "image/png" : "image/jpeg";
    }

    /**
     * The thumbnail's pixels, decoded as catalog images are ({@link DecodedImage}): a kept
     * original gives back exactly the pixels the model saw.
     */
    public BufferedImage decode() {
        try {
            return DECODER.decode(bytes).image();
        } catch (ImageRejectedException e) {
            throw new IllegalStateException("a stored thumbnail (" + mediaType() + ", " + bytes.length + " bytes) could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Scales by repeated halving and a last bilinear step: one bilinear step from a large image
     * samples only a few source pixels per output pixel and aliases.
     */
    public static BufferedImage scaleToFit(BufferedImage image, int maxSide) {
        double scale = Math.min(1.0, (double) maxSide / Math.max(image.getWidth(), image.getHeight()));
        int targetWidth = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int targetHeight = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage current = toRgb(image);
        while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
            current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != targetWidth || current.getHeight() != targetHeight) {
            current = resize(current, targetWidth, targetHeight);
        }
        return current;
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        return resize(image, image.getWidth(), image.getHeight());
    }

    private static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] encodeJpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a thumbnail as JPEG failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thumbnail t && t.originalWidth == originalWidth && t.originalHeight == originalHeight && Arrays.equals(t.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * originalWidth + originalHeight) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Thumbnail[" + originalWidth + "x" + originalHeight + ", " + mediaType() + ", " + bytes.length + " bytes]";
    }
}
