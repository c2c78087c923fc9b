package io.camsearch.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camsearch.cam.Box;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * Writes a generated catalog in CUB-200-2011's layout: each image and its mask as PNGs, painted on
 * a pool of threads, then the list files and {@code catalog.json}. The one piece every generator
 * shares; what the pictures show is each generator's own business.
 */
public final class CubWriter {

    /** Progress is reported once per tenth of the images. */
    private static final int PROGRESS_STEPS = 10;

    /**
     * One image to write.
     *
     * @param id from 1, in {@code images.txt} order
     * @param classId the id of its class in the class list
     * @param path below {@code images/} (and the same below {@code segmentations/}), e.g. {@code 001.x/x_0001.png}
     * @param train what {@code train_test_split.txt} says of it
     * @param painter paints it; called once, on any thread, so it must depend on nothing shared and mutable
     */
    public record Image(int id, int classId, String path, boolean train, Supplier<SyntheticImage> painter) {
    }

    private CubWriter() {
    }

    /**
     * Writes {@code images} of {@code classes} into {@code directory} (created if missing; files of
     * the same names are replaced, others left alone).
     *
     * @param description the content of {@code catalog.json}
     * @param threads how many images to paint at once
     * @param progress receives a line once per tenth of the images, the last at 100%
     */
    public static CatalogSummary write(Path directory, List<CubClass> classes, List<Image> images,
            Map<String, Object> description, int threads, Consumer<String> progress) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).id() != i + 1) {
                throw new IllegalArgumentException("image ids must run 1, 2, 3, ... in order; image " + (i + 1)
                        + " has id " + images.get(i).id());
            }
        }
        long start = System.nanoTime();
        for (CubClass cubClass : classes) {
            Files.createDirectories(directory.resolve(CubLayout.IMAGES_DIR).resolve(cubClass.name()));
            Files.createDirectories(directory.resolve(CubLayout.SEGMENTATIONS_DIR).resolve(cubClass.name()));
        }
        List<Box> boxes = new ArrayList<>(images.size());
        long bytes = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<WrittenImage>> written = new ArrayList<>(images.size());
            for (Image image : images) {
                written.add(pool.submit(() -> writeImage(directory, image)));
            }
            long reported = 0;
            for (int i = 0; i < written.size(); i++) {
                WrittenImage image = result(written.get(i));
                boxes.add(image.box());
                bytes += image.bytes();
                int done = i + 1;
                long step = (long) done * PROGRESS_STEPS / images.size();
                if (step > reported) {
                    reported = step;
                    progress.accept(String.format(Locale.ROOT, "generate: %d/%d images (%d%%), %.1f s",
                            done, images.size(), 100L * done / images.size(), (System.nanoTime() - start) / 1e9));
                }
            }
        } finally {
            // All tasks are done by now unless one failed; then the rest need not run.
            pool.shutdownNow();
        }
        bytes += writeLists(directory, classes, images, boxes, description);
        int train = (int) images.stream().filter(Image::train).count();
        return new CatalogSummary(directory, images.size(), classes.size(), train, bytes,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private record WrittenImage(Box box, long bytes) {
    }

    private static WrittenImage writeImage(Path directory, Image entry) throws IOException {
        SyntheticImage image = entry.painter().get();
        Path picture = directory.resolve(CubLayout.IMAGES_DIR).resolve(entry.path());
        Path mask = directory.resolve(CubLayout.SEGMENTATIONS_DIR).resolve(CubLayout.segmentationPath(entry.path()));
        writePng(image.image(), picture);
        writePng(image.mask(), mask);
        return new WrittenImage(image.box(), Files.size(picture) + Files.size(mask));
    }

    private static void writePng(RenderedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }

    private static WrittenImage result(Future<WrittenImage> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("generating an image failed", e.getCause());
        }
    }

    /** Writes the CUB lists and catalog.json; returns their bytes. */
    private static long writeLists(Path directory, List<CubClass> classes, List<Image> images, List<Box> boxes,
            Map<String, Object> description) throws IOException {
        long bytes = 0;
        bytes += writeLines(directory.resolve(CubLayout.CLASSES), classes, c -> c.id() + " " + c.name());
        bytes += writeLines(directory.resolve(CubLayout.IMAGES), images, e -> e.id() + " " + e.path());
        bytes += writeLines(directory.resolve(CubLayout.LABELS), images, e -> e.id() + " " + e.classId());
        bytes += writeLines(directory.resolve(CubLayout.BOXES), images,
                e -> e.id() + " " + CubLayout.boxFields(boxes.get(e.id() - 1)));
        bytes += writeLines(directory.resolve(CubLayout.SPLIT), images, e -> e.id() + " " + (e.train() ? 1 : 0));
        Path json = directory.resolve("catalog.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), description);
        return bytes + Files.size(json);
    }

    private static <T> long writeLines(Path file, List<T> items, Function<T, String> line) throws IOException {
        StringBuilder text = new StringBuilder();
        for (T item : items) {
            text.append(line.apply(item)).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        Files.write(file, bytes);
        return bytes.length;
    }
}
