package io.camsearch.train;

import java.nio.file.Path;

/**
 * One training or evaluation image and its class, as a 0-based label.
 *
 * @param path the image file
 * @param label the class index, 0-based and dense over the classes of one split
 */
public record LabeledImage(Path path, int label) {}
