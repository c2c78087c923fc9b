package io.camsearch.search;

/** A request named an item id that the index does not hold. */
public final class NoSuchItemException extends RuntimeException {

    private final String id;

    public NoSuchItemException(String id) {
        super("no catalog item with id '" + id + "'");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
