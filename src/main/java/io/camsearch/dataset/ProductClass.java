package io.camsearch.dataset;

/**
 * One class of the synthetic catalog: a shape in a colour with a surface pattern, the analogue of
 * a bird species in CUB-200-2011. Its {@link #name()} is CUB's class directory name, e.g.
 * {@code 017.red_star_striped}.
 *
 * @param id the class id, from 1, as in {@code classes.txt}
 */
public record ProductClass(int id, ProductShape shape, ProductColour colour, ProductPattern pattern) {

    public ProductClass {
        if (id < 1 || id > 999) {
            throw new IllegalArgumentException("class ids run from 1 to 999 (three digits as in CUB), got " + id);
        }
    }

    /** {@code <id, 3 digits>.<colour>_<shape>_<pattern>}: CUB's class name, also the class's directory name. */
    public String name() {
        return "%03d.%s".formatted(id, label());
    }

    /** {@code <colour>_<shape>_<pattern>}, the stem of the class's image file names. */
    public String label() {
        return colour.word() + "_" + shape.word() + "_" + pattern.word();
    }
}
