package io.camsearch.dataset;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What {@link SyntheticCatalog#writeTo} wrote.
 *
 * @param bytes the size of every file written: images, masks and the CUB text files
 */
public record CatalogSummary(Path directory, int images, int classes, int trainImages, long bytes, Duration elapsed) {

    /** One line for a person, e.g. at the end of the generate command's progress. */
    public String line() {
        return String.format(Locale.ROOT, "wrote %d images of %d classes (%d for training) to %s in %.1f s, %,d bytes",
                images, classes, trainImages, directory, elapsed.toMillis() / 1000.0, bytes);
    }
}
