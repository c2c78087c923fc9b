package io.camsearch.bench;

/** What a client of the load benchmark asks for, again and again. */
enum ClientKind {
    /** {@code GET /items/{id}/similar?explain=both} for a random catalog item. */
    SIMILAR("similar explain=both"),
    /** {@code POST /search} with a catalog image uploaded as multipart, {@code explain=query}. */
    UPLOAD("upload explain=query"),
    /** {@code POST /search} with JSON naming an image URL of the slow server. */
    SLOW_URL("slow URL");

    private final String label;

    ClientKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
