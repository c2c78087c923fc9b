package io.camsearch.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The image formats {@link ImageDecoder} accepts. Any other format an ImageIO plugin happens to
 * read (the JDK's TIFF and WBMP readers, for instance) is refused: each extra parser is attack
 * surface, and catalog images come in these five.
 */
public enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp"),
    WEBP("webp");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The format whose ImageIO reader reports {@code formatName} (any case), if it is one of ours. */
    static Optional<ImageFormat> ofImageIoName(String formatName) {
        String lower = formatName.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.imageIoName.equals(lower)).findFirst();
    }
}
