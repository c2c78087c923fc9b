package io.camsearch.explain;

import io.camsearch.cam.CamFeatures;
import io.camsearch.image.DecodedImage;

/** An image as decoded (original size, upright sRGB) beside what the model made of it. */
public record AnalyzedImage(DecodedImage image, CamFeatures features) {}
