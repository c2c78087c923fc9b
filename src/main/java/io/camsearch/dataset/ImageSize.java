package io.camsearch.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** An image file's stored width and height, read from its header without decoding pixels. */
record ImageSize(int width, int height) {

    /** @return empty when no ImageIO reader recognises the file or its header is broken */
    static Optional<ImageSize> of(Path file) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return Optional.of(new ImageSize(reader.getWidth(0), reader.getHeight(0)));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            } finally {
                reader.dispose();
            }
        }
    }
}
