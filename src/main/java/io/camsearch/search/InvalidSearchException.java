package io.camsearch.search;

/**
 * A search, explanation or concept the caller asked for that cannot be answered as asked (k out of
 * range, too many ids, a concept that matches nothing): the caller's mistake, which the API answers
 * 400, unlike a fault of the service.
 */
public final class InvalidSearchException extends RuntimeException {

    public InvalidSearchException(String message) {
        super(message);
    }
}
