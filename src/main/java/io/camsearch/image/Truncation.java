package io.camsearch.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Finds images that were cut short where the reader itself does not fail: the JPEG reader only
 * warns and fills the missing rows with grey, and the WebP reader decodes a cut lossless stream
 * into garbage. (PNG, GIF and BMP readers throw, which the decoder reports as corrupt.)
 */
final class Truncation {

    private static final int RIFF_HEADER_BYTES = 8;

    private Truncation() {
    }

    /**
     * Rejects a WebP file shorter than its RIFF header says ("RIFF", little-endian size of what
     * follows the first 8 bytes, "WEBP"). Other formats have no such length and pass.
     */
    static void requireCompleteContainer(ImageFormat format, byte[] bytes) {
        if (format != ImageFormat.WEBP || bytes.length < RIFF_HEADER_BYTES
                || !new String(bytes, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")) {
            return;
        }
        long declared = RIFF_HEADER_BYTES
                + Integer.toUnsignedLong(ByteBuffer.wrap(bytes, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        if (declared > bytes.length) {
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    "WEBP image is cut short: its header declares " + declared + " bytes, there are " + bytes.length);
        }
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
                throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                        format + " image is cut short or corrupt: " + warning);
            }
        }
    }
}
