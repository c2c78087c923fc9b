package io.camsearch.eval;

import io.camsearch.dataset.CubDataset;
import io.camsearch.dataset.CubImage;
import io.camsearch.train.ClassSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Which images of a CUB-layout directory an evaluation scores, and why, so that the report can
 * say it. The catalog decides when it can:
 *
 * <ul>
 *   <li>{@code train_test_split.txt} marks every image as test (a catalog made only for
 *       evaluation, such as the held-out world's): every image, every class;
 *   <li>it marks some images for training: exactly the images it marks as test;
 *   <li>there is no such file: the paper's protocol, the second half of the class ids
 *       ({@link ClassSplit#halves}), the only rule left.
 * </ul>
 *
 * <p>{@link Rule#CLASS_HALVES} can also be asked for on a catalog with a split file: the project's
 * own catalog marks every other image of every class for training, while the demo model trained on
 * every image of the first half of the classes, so only the class halves keep its evaluation on
 * classes it never saw.
 *
 * @param images the scored images, in file order
 * @param labels each image's class as a dense 0-based index over the scored classes, in id order
 * @param classIds the scored classes' ids, ascending
 * @param trainImagesLeftOut images of the directory not scored
 * @param reason one sentence for a person: the rule and the counts
 */
public record EvaluationSet(Rule rule, List<CubImage> images, int[] labels, List<Integer> classIds,
        int trainImagesLeftOut, String reason) {

    /** How the scored images were chosen. */
    public enum Rule {
        /** The split file marks every image as test. */
        ALL_TEST("all-test"),
        /** The images the split file marks as test. */
        SPLIT_FILE("split-file"),
        /** The second half of the class ids, the split file (if any) not consulted. */
        CLASS_HALVES("class-halves");

        private final String label;

        Rule(String label) {
            this.label = label;
        }

        /** The rule's name in reports and on the command line. */
        public String label() {
            return label;
        }
    }

    /** What the caller asks for: the catalog's own split when it has one, or the class halves. */
    public enum Request {
        AUTO, CLASS_HALVES
    }

    /**
     * @throws IllegalArgumentException when the split file marks no image as test, or the class
     *     halves are asked for on fewer than 4 classes
     */
    public static EvaluationSet of(CubDataset dataset, Request request) {
        List<CubImage> all = dataset.images();
        if (request == Request.CLASS_HALVES || !dataset.hasSplitFile()) {
            ClassSplit split = ClassSplit.halves(dataset);
            String why = request == Request.CLASS_HALVES ? "class halves asked for"
                    : dataset.root() + " has no train_test_split.txt, so the class halves are the rule";
            return chosen(Rule.CLASS_HALVES, split.testImages(), all.size(),
                    why + ": the second half of the class ids, classes the model's training (on the first half) never saw");
        }
        List<CubImage> test = all.stream().filter(image -> !image.trainSplit()).toList();
        if (test.isEmpty()) {
            throw new IllegalArgumentException("train_test_split.txt marks no image as test in " + dataset.root()
                    + "; nothing to evaluate (pass --split class-halves to score the second half of the class ids)");
        }
        if (test.size() == all.size()) {
            return chosen(Rule.ALL_TEST, test, all.size(), "train_test_split.txt marks every image as test: the whole catalog");
        }
        return chosen(Rule.SPLIT_FILE, test, all.size(), "train_test_split.txt marks " + test.size() + " of " + all.size()
                + " images as test: exactly those (their classes may also have training images)");
    }

    private static EvaluationSet chosen(Rule rule, List<CubImage> images, int total, String why) {
        List<Integer> classIds = List.copyOf(new TreeSet<>(images.stream().map(CubImage::classId).toList()));
        int[] labels = images.stream().mapToInt(image -> classIds.indexOf(image.classId())).toArray();
        String reason = String.format(Locale.ROOT, "scored %d images of %d classes (ids %s), rule %s: %s",
                images.size(), classIds.size(), ranges(classIds), rule.label(), why);
        return new EvaluationSet(rule, List.copyOf(images), labels, classIds, total - images.size(), reason);
    }

    /** The scored images' ids as ranges, e.g. {@code 1..24} or {@code 2, 5, 8}. */
    public String imageIds() {
        return ranges(images.stream().map(CubImage::id).toList());
    }

    /** The scored classes' ids as ranges, e.g. {@code 101..200}. */
    public String classIdRanges() {
        return ranges(classIds);
    }

    /** Ascending ids as comma-separated runs; a run of three or more is written {@code a..b}. */
    static String ranges(List<Integer> ascending) {
        List<String> runs = new ArrayList<>();
        int i = 0;
        while (i < ascending.size()) {
            int j = i;
            while (j + 1 < ascending.size() && ascending.get(j + 1) == ascending.get(j) + 1) {
                j++;
            }
            if (j - i >= 2) {
                runs.add(ascending.get(i) + ".." + ascending.get(j));
            } else {
                for (int k = i; k <= j; k++) {
                    runs.add(String.valueOf(ascending.get(k)));
                }
            }
            i = j + 1;
        }
        return String.join(", ", runs);
    }
}
