package io.camsearch.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.camsearch.image.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns untrusted bytes into an upright 8-bit sRGB image, or rejects them with an
 * {@link ImageRejectedException} that says why.
 *
 * <p>In order: the byte count is checked; the format is recognised from the content (never from a
 * file name) and must be one of {@link ImageFormat}; the width and height are read from the
 * header and checked against the {@link ImageLimits} <em>before</em> any pixel memory is
 * allocated, so a small file declaring a gigapixel image costs nothing; the first image is read
 * (the first frame of an animated GIF or WebP); an image that was cut short is rejected rather
 * than returned half grey; the pixels become sRGB {@code TYPE_INT_RGB} with transparency on
 * white; and the EXIF orientation is applied. Nothing compressed inside a file is inflated beyond
 * its pixels: PNG metadata is skipped, and BMPs wrapping a JPEG or PNG are refused.
 *
 * <p>A PNG any of whose chunks fails its CRC is rejected as {@link Reason#CORRUPT}, naming the
 * chunk, whichever reader would decode it (neither checks CRCs itself). libpng does the same for
 * critical chunks (IHDR, PLTE, IDAT, IEND) and, by default, warns and drops a damaged ancillary
 * chunk instead; we reject those too, because a CRC mismatch means the file is not what its
 * producer wrote, and ancillary chunks do change what we index (eXIf sets the orientation): a dead
 * letter that names the chunk is better than a catalog image silently indexed otherwise than it
 * was sent.
 *
 * <p>Thread-safe: every call uses its own reader and stream.
 */
public final class ImageDecoder {

    private static final String SUPPORTED = "supported: " + Arrays.toString(ImageFormat.values());
    private static final int BYTES_LOOKED_AT_FOR_TEXT = 64;

    static {
        // ImageIO fills its registry from the context class loader of whoever touches it first,
        // which under Quarkus or a tool's launcher need not see the TwelveMonkeys WebP and JPEG
        // readers; scanning again from here registers them.
        ImageIO.scanForPlugins();
    }

    private final ImageLimits limits;
    private final boolean plainPngReader;

    public ImageDecoder(ImageLimits limits) {
        this(limits, true);
    }

    /** With {@code plainPngReader} false every file goes through ImageIO (tests compare the two). */
    ImageDecoder(ImageLimits limits, boolean plainPngReader) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.plainPngReader = plainPngReader;
    }

    /**
     * Decodes an image.
     *
     * @param bytes the encoded image: JPEG, PNG, GIF, BMP or WebP
     * @return the upright image in sRGB, at the file's full resolution
     * @throws ImageRejectedException if the bytes are empty, too many, not a supported format,
     *                                declare too many pixels, or are corrupt or cut short
     */
    public DecodedImage decode(byte[] bytes) {
        requireAcceptableByteCount(bytes);
        requireIntactPngChunks(bytes);
        PlainPngReader.Header plainPng = plainPngReader ? PlainPngReader.header(bytes) : null;
        if (plainPng != null) {
            requireAcceptablePixelCount(plainPng.width(), plainPng.height());
            BufferedImage pixels = PlainPngReader.read(bytes, plainPng);
            if (pixels != null) {
                BufferedImage rgb = plainPng.alpha() ? SrgbConversion.toIntRgb(pixels) : pixels;
                return new DecodedImage(ExifOrientation.of(ImageFormat.PNG, bytes).upright(rgb), ImageFormat.PNG);
            }
            // Not a whole, well-formed image: ImageIO says what is wrong with it.
        }
        // A view of the array, not a copy; it holds nothing that needs closing.
        ImageInputStream input = new ByteArrayImageInputStream(bytes);
        FormatReader formatReader = readerFor(input, bytes);
        try {
            BufferedImage stored = readFirstImage(formatReader, input, bytes);
            BufferedImage rgb = SrgbConversion.toIntRgb(stored);
            BufferedImage upright = ExifOrientation.of(formatReader.format(), bytes).upright(rgb);
            return new DecodedImage(upright, formatReader.format());
        } finally {
            formatReader.reader().dispose();
        }
    }

    private void requireAcceptableByteCount(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "image is empty (0 bytes)");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(Reason.TOO_MANY_BYTES,
                    "image is " + bytes.length + " bytes, over the limit of " + limits.maxBytes() + " bytes");
        }
    }

    private static void requireIntactPngChunks(byte[] bytes) {
        if (PngChunks.hasSignature(bytes)) {
            PngChunks.firstBadCrc(bytes).ifPresent(chunk -> {
                throw new ImageRejectedException(Reason.CORRUPT, "PNG image is corrupt: " + chunk
                        + " fails its CRC check (damaged in transfer or storage)");
            });
        }
    }

    private record FormatReader(ImageFormat format, ImageReader reader) {
    }

    /** The first reader that recognises the content and is for one of our formats. */
    private static FormatReader readerFor(ImageInputStream input, byte[] bytes) {
        String otherFormat = null;
        for (Iterator<ImageReader> readers = ImageIO.getImageReaders(input); readers.hasNext(); ) {
            ImageReader reader = readers.next();
            String formatName = reader.getOriginatingProvider().getFormatNames()[0];
            Optional<ImageFormat> format = ImageFormat.ofImageIoName(formatName);
            if (format.isPresent()) {
                return new FormatReader(format.get(), reader);
            }
            otherFormat = otherFormat == null ? formatName : otherFormat;
            reader.dispose();
        }
        throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, otherFormat == null
                ? "not an image in a supported format (" + SUPPORTED + ")" + (looksLikeText(bytes) ? "; it is text (an error page?)" : "")
                : otherFormat.toUpperCase(Locale.ROOT) + " images are not supported (" + SUPPORTED + ")");
    }

    /**
     * Whether the first bytes are printable ASCII: what an HTML error page or a JSON answer served
     * instead of an image starts with. Says what kind of content it is, never the content itself
     * (it may be a secret the URL pointed at).
     */
    private static boolean looksLikeText(byte[] bytes) {
        int n = Math.min(bytes.length, BYTES_LOOKED_AT_FOR_TEXT);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' || b > 0x7e) {
                return false;
            }
        }
        return n > 0;
    }

    private BufferedImage readFirstImage(FormatReader formatReader, ImageInputStream input, byte[] bytes) {
        ImageFormat format = formatReader.format();
        ImageReader reader = formatReader.reader();
        ReaderGuards.checkContainer(format, bytes);
        try {
            // Metadata is not used: ignoring it skips parsing text and ICC chunks, which a PNG can
            // bloat into a decompression bomb; palette and transparency are still read.
            reader.setInput(input, true, true);
            requireAcceptablePixelCount(reader.getWidth(0), reader.getHeight(0));
            ReaderGuards.PrematureEndListener prematureEnd = new ReaderGuards.PrematureEndListener();
            reader.addIIOReadWarningListener(prematureEnd);
            BufferedImage image = reader.read(0);
            prematureEnd.requireNoPrematureEnd(format);
            return image;
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO readers signal broken input with IIOException, EOFException and, for some
            // malformed headers, plain runtime exceptions (index out of bounds, illegal argument).
            throw new ImageRejectedException(Reason.CORRUPT,
                    format + " image is corrupt or cut short: " + e, e);
        }
    }

    private void requireAcceptablePixelCount(int width, int height) {
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "image is " + width + "x" + height + " = "
                    + pixels + " pixels, over the limit of " + limits.maxPixels());
        }
        if (Math.max(width, height) > limits.maxSide()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "image is " + width + "x" + height
                    + " pixels, its longer side is over the limit of " + limits.maxSide());
        }
    }
}
