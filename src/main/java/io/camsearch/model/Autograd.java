package io.camsearch.model;

import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The one place where backward passes run. DJL's PyTorch gradient collector is a JVM-wide switch
 * (a second one open at the same time throws), so every backward in camsearch is serialized here.
 * The CAM basis keeps them rare: none per image for a global-average-pool -> linear head.
 */
public final class Autograd {

    private static final ReentrantLock LOCK = new ReentrantLock();

    private Autograd() {}

    /** Runs {@code work} with a gradient collector open, holding the JVM-wide autograd lock. */
    public static <T> T run(Function<GradientCollector, T> work) {
        LOCK.lock();
        try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
            return work.apply(collector);
        } finally {
            LOCK.unlock();
        }
    }
}
