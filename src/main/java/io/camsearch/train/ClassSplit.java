package io.camsearch.train;

import io.camsearch.dataset.CubDataset;
import io.camsearch.dataset.CubImage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The paper's protocol on CUB-200-2011: train on the first half of the classes, evaluate on the
 * held-out second half, so that every evaluated class is one the network never saw. Labels are
 * dense 0-based indices within each half.
 */
public record ClassSplit(List<LabeledImage> train, List<LabeledImage> test, List<CubImage> testImages, String trainRange, String testRange) {

    public static ClassSplit halves(CubDataset dataset) {
        TreeSet<Integer> classes = new TreeSet<>();
        for (CubImage image : dataset.images()) {
            classes.add(image.classId());
        }
        if (classes.size() < 4) {
            throw new IllegalArgumentException("a class split needs at least 4 classes, the dataset has " + classes.size());
        }
        List<Integer> ordered = new ArrayList<>(classes);
        int half = ordered.size() / 2;
        List<Integer> trainClasses = ordered.subList(0, half);
        List<Integer> testClasses = ordered.subList(half, ordered.size());
        List<LabeledImage> train = new ArrayList<>();
        List<LabeledImage> test = new ArrayList<>();
        List<CubImage> testImages = new ArrayList<>();
        for (CubImage image : dataset.images()) {
            int trainIndex = trainClasses.indexOf(image.classId());
            if (trainIndex >= 0) {
                train.add(new LabeledImage(image.image(), trainIndex));
            } else {
                test.add(new LabeledImage(image.image(), testClasses.indexOf(image.classId())));
                testImages.add(image);
            }
        }
        return new ClassSplit(train, test, testImages, range(trainClasses), range(testClasses));
    }

    /**
     * This split with every image of {@code extra} added to the training side, its classes after
     * this split's training classes (dense labels again). The held-out side is unchanged, so
     * Recall@K still scores classes no training catalog holds: an extra catalog is a wider
     * training world (the wide world), never the world the model is judged on.
     */
    public ClassSplit plusTraining(CubDataset extra, String name) {
        TreeSet<Integer> extraClasses = new TreeSet<>();
        for (CubImage image : extra.images()) {
            extraClasses.add(image.classId());
        }
        List<Integer> ordered = new ArrayList<>(extraClasses);
        int offset = classesIn(train);
        List<LabeledImage> widened = new ArrayList<>(train);
        for (CubImage image : extra.images()) {
            widened.add(new LabeledImage(image.image(), offset + ordered.indexOf(image.classId())));
        }
        assert classesIn(widened) == offset + ordered.size() : "labels stay dense";
        return new ClassSplit(widened, test, testImages,
                trainRange + " + " + ordered.size() + " classes of " + name, testRange);
    }

    private static int classesIn(List<LabeledImage> images) {
        return images.stream().mapToInt(LabeledImage::label).max().orElse(-1) + 1;
    }

    private static String range(List<Integer> classes) {
        return classes.get(0) + ".." + classes.get(classes.size() - 1);
    }
}
