package io.camsearch.model;

/** Vectors (an envelope, an index) of another model than the one reading them: never mixed, always refused. */
public final class ModelMismatchException extends IllegalStateException {

    public ModelMismatchException(String message) {
        super(message);
    }
}
