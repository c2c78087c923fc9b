package io.camsearch.model;

/**
 * The shape of an embedding network's head, which decides how EmbeddingCAM gets its channel
 * gradients.
 */
public enum HeadKind {
    /**
     * Global average pool followed by one linear layer: {@code y = W mean_ij(A) + b}. The gradient
     * {@code dy/dA_ij = W / Z} does not depend on the image, so the CAM basis needs no backward
     * pass at all.
     */
    GAP_LINEAR("gap-linear"),
    /** Any other differentiable head: the gradient comes from one batched backward per image. */
    GENERIC("generic");

    private final String jsonName;

    HeadKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static HeadKind fromJsonName(String name) {
        for (HeadKind kind : values()) {
            if (kind.jsonName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown head kind '" + name + "': expected 'gap-linear' or 'generic'");
    }
}
