package io.camsearch.bench;

/** How one request of the load benchmark ended, as counted in its table. */
enum Outcome {
    OK("200"),
    CLIENT_ERROR("4xx"),
    UNAVAILABLE("503"),
    OTHER_STATUS("otherStatus"),
    /** No response: the connection failed or was reset. */
    ERROR("errors"),
    /** No response within the client's timeout. */
    TIMEOUT("timeouts");

    private final String column;

    Outcome(String column) {
        this.column = column;
    }

    /** The table's column for this outcome. */
    String column() {
        return column;
    }

    static Outcome of(int status) {
        if (status == 200) {
            return OK;
        }
        if (status == 503) {
            return UNAVAILABLE;
        }
        return status >= 400 && status < 500 ? CLIENT_ERROR : OTHER_STATUS;
    }
}
