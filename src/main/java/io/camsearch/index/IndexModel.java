package io.camsearch.index;

import io.camsearch.model.ModelIdentity;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which model's vectors an index holds: recorded in its commit data beside the offsets ({@link
 * ModelIdentity#asProperties()}) and checked by every process that opens it to write or search,
 * so that no process adds one model's vectors to another's index. Nearest neighbours across two
 * models' spaces mean nothing, and vectors of another size cannot even be searched. Whoever
 * commits next keeps the entries (the index's one writer carries the commit data that is not its
 * offsets).
 */
public final class IndexModel {

    private static final System.Logger LOG = System.getLogger(IndexModel.class.getName());

    private IndexModel() {}

    /**
     * Claims {@code index} for {@code model}: an index that names {@code model} is accepted, one
     * that names no model is claimed by committing {@code model} into it. Call it before anything
     * writes to the index.
     *
     * <p>An index that names no model but holds items was written before indexes recorded their
     * model (by the one-process service); whose vectors they are cannot be told. It is adopted
     * when its vectors have the model's size, with a warning, so that an upgraded service resumes
     * on its index as before; vectors of another size are another model's for certain.
     *
     * @param where the index as an error names it (e.g. its directory)
     * @throws io.camsearch.model.ModelMismatchException when the index holds another model's vectors
     * @throws IllegalStateException when the index names no model and holds vectors of another size
     */
    public static void claim(CatalogIndex index, ModelIdentity model, String where) throws IOException {
        Map<String, String> data = index.committedData();
        Optional<ModelIdentity> held = ModelIdentity.fromProperties(data, where);
        if (held.isPresent()) {
            model.requireSame(held.get(), where);
            return;
        }
        index.refresh();
        int items = index.size();
        if (items > 0) {
            int size = index.pageAt(MetadataFilter.NONE, 0, 1).items().get(0).embedding().length;
            if (size != model.embeddingDim()) {
                throw new IllegalStateException(where + " holds " + (items == 1 ? "1 item" : items + " items") + " of " + size
                        + "-d vectors and does not name the model that made them; model " + model.describe()
                        + " will not mix its vectors with them: give it an empty index directory");
            }
            LOG.log(System.Logger.Level.WARNING, where + " holds " + items + " items written before indexes recorded their model; their "
                    + size + "-d vectors fit model " + model.describe() + ", which now claims them. If another model of that size made them,"
                    + " give this one an empty index directory.");
        }
        Map<String, String> claimed = new LinkedHashMap<>(data);
        claimed.putAll(model.asProperties());
        index.commit(claimed);
    }
}
