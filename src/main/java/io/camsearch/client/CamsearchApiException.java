package io.camsearch.client;

/**
 * The service answered an error: its HTTP status, the API's stable error code (e.g. {@code
 * NO_SUCH_ITEM}, {@code BAD_CURSOR}) and its message, which names what was wrong and where; for a
 * fault of the service (500), the error id its log line carries.
 */
public final class CamsearchApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String errorId;

    public CamsearchApiException(int status, String code, String message, String errorId) {
        super(status + " " + code + ": " + message);
        this.status = status;
        this.code = code;
        this.errorId = errorId;
    }

    public int status() {
        return status;
    }

    /** The API's error code; {@code HTTP_<status>} when the answer was not the API's JSON error (e.g. from a proxy). */
    public String code() {
        return code;
    }

    /** The error id of a 500, to quote when reporting it; null otherwise. */
    public String errorId() {
        return errorId;
    }
}
