package io.camsearch.dataset;

import io.camsearch.cam.Box;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One image of a CUB-layout directory with everything the list files say about it.
 *
 * @param id the image's id in {@code images.txt}
 * @param image the image file
 * @param width the image's width in pixels, from its header
 * @param height the image's height in pixels, from its header
 * @param classId the id of its class in {@code classes.txt}
 * @param box the ground-truth box in whole pixels, inside the image (see {@link CubDataset} for
 *     how CUB's float boxes become whole pixels)
 * @param trainSplit whether {@code train_test_split.txt} marks it for training (false when there is no such file)
 * @param segmentation its mask under {@code segmentations/}, when there is one
 */
public record CubImage(int id, Path image, int width, int height, int classId, Box box, boolean trainSplit,
        Optional<Path> segmentation) {
}
