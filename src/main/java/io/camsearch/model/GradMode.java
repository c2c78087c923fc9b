package io.camsearch.model;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * libtorch's grad mode is thread-local and on by default in threads DJL did not initialize, so a
 * plain forward on a service worker thread would build an autograd graph nobody uses. Forward
 * passes run through {@link #disabled} to keep inference lean.
 */
final class GradMode {

    private GradMode() {}

    static <T> T disabled(Supplier<T> forward) {
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return forward.get();
        } finally {
            JniUtils.setGradMode(was);
        }
    }
}
