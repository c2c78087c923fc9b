package io.camsearch.dataset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A CUB-layout directory that cannot be read as one: a malformed or inconsistent line, or a file
 * that is missing. The message starts with the file and, where there is one, the line number
 * ({@code path/bounding_boxes.txt:17: ...}), so that the bad spot can be opened directly.
 */
public final class CubFormatException extends IOException {

    CubFormatException(String message) {
        super(message);
    }

    static CubFormatException at(Path file, int line, String message) {
        return new CubFormatException(file + ":" + line + ": " + message);
    }
}
