package io.camsearch.api;

import io.camsearch.client.WriteToken;
import io.camsearch.index.ItemId;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;

/**
 * What a search must see before it runs: the writes its consistency tokens name, and how long it
 * may wait for this replica to show them (its bound). No writes: a plain search, which never waits.
 */
record Consistency(List<WriteToken> writes, Duration bound) {

    static final Consistency NONE = new Consistency(List.of(), Duration.ZERO);
    static final String BAD_TOKEN = "BAD_CONSISTENCY_TOKEN";

    Consistency {
        writes = List.copyOf(writes);
    }

    boolean none() {
        return writes.isEmpty();
    }

    /** A token as the request sent it ({@code where} names it), or the 400 that says what is wrong with it. */
    static WriteToken token(String where, String text) {
        WriteToken write;
        try {
            write = WriteToken.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(BAD_TOKEN, Response.Status.BAD_REQUEST, where + ": " + e.getMessage());
        }
        ItemId.problem(write.id()).ifPresent(problem -> {
            throw new BadRequestException(BAD_TOKEN, Response.Status.BAD_REQUEST, where + ": the token's item id is no item id: " + problem);
        });
        return write;
    }
}
