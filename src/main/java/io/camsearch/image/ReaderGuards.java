package io.camsearch.image;

import io.camsearch.image.ImageRejectedException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Checks for what the ImageIO readers let through. Cut-short files: the JPEG reader only warns
 * and fills the missing rows with grey, and the WebP reader decodes a cut lossless stream into
 * garbage (the PNG, GIF and BMP readers throw, which the decoder reports as corrupt). And BMPs
 * that wrap a whole JPEG or PNG, whose own width and height escape the header check.
 */
final class ReaderGuards {

    private static final int RIFF_HEADER_BYTES = 8;
    private static final int BMP_INFO_HEADER_SIZE_OFFSET = 14;
    private static final int BMP_COMPRESSION_OFFSET = 30;
    private static final int BMP_INFO_HEADER_MIN_SIZE = 40;
    private static final int BMP_COMPRESSION_JPEG = 4;
    private static final int BMP_COMPRESSION_PNG = 5;

    private ReaderGuards() {
    }

    /** Checks the container of a file before its reader reads it. */
    static void checkContainer(ImageFormat format, byte[] bytes) {
        switch (format) {
            case WEBP -> requireCompleteRiff(bytes);
            case BMP -> rejectEmbeddedImage(bytes);
            case JPEG, PNG, GIF -> { }
        }
    }

    /**
     * Rejects a WebP file shorter than its RIFF header says ("RIFF", little-endian size of what
     * follows the first 8 bytes, "WEBP").
     */
    private static void requireCompleteRiff(byte[] bytes) {
        if (bytes.length < RIFF_HEADER_BYTES
                || !new String(bytes, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")) {
            return;
        }
        long declared = RIFF_HEADER_BYTES + Integer.toUnsignedLong(littleEndianInt(bytes, 4));
        if (declared > bytes.length) {
            throw new ImageRejectedException(Reason.CORRUPT,
                    "WEBP image is cut short: its header declares " + declared + " bytes, there are " + bytes.length);
        }
    }

    /**
     * Rejects a BMP whose pixels are an embedded JPEG or PNG (compression BI_JPEG or BI_PNG, meant
     * for printers, never seen in photos): the reader decodes the embedded image at its own size,
     * so a small file can make it inflate gigapixels.
     */
    private static void rejectEmbeddedImage(byte[] bytes) {
        if (bytes.length < BMP_COMPRESSION_OFFSET + 4
                || littleEndianInt(bytes, BMP_INFO_HEADER_SIZE_OFFSET) < BMP_INFO_HEADER_MIN_SIZE) {
            return;
        }
        int compression = littleEndianInt(bytes, BMP_COMPRESSION_OFFSET);
        if (compression == BMP_COMPRESSION_JPEG || compression == BMP_COMPRESSION_PNG) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT,
                    "BMP images that wrap a JPEG or PNG are not supported");
        }
    }

    private static int littleEndianInt(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /**
     * Listens to a reader for libjpeg's "Premature end of JPEG file" / "premature end of data
     * segment" warnings, which mean pixel data is missing. Other warnings (extraneous bytes before
     * a marker, a missing end-of-image marker after complete data, a bad ICC profile) are common
     * in real photos that display fine, and are let through.
     */
    static final class PrematureEndListener implements IIOReadWarningListener {

        private String warning;

        @Override
        public void warningOccurred(ImageReader source, String message) {
            if (warning == null && message != null && message.toLowerCase(Locale.ROOT).contains("premature end")) {
                warning = message;
            }
        }

        /** Throws if the reader reported missing pixel data. */
        void requireNoPrematureEnd(ImageFormat format) {
            if (warning != null) {
                throw new ImageRejectedException(Reason.CORRUPT, format + " image is cut short or corrupt: " + warning);
            }
        }
    }
}
