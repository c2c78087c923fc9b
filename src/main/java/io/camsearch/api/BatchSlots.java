package io.camsearch.api;

import io.camsearch.search.BatchEntry;
import io.camsearch.search.BatchResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries of a batch request in the order asked, each either ready to search or already
 * failed on its own (a bad id, an image that does not decode): the ready ones go to the batch
 * search together, and {@link #answers} puts every answer back in its place.
 *
 * @param <T> what a ready query is (an item id, a decoded image)
 */
final class BatchSlots<T> {

    /** What reading one query may throw; anything that is not the caller's error fails the whole request. */
    interface Reader<T> {
        T read() throws Exception;
    }

    /** One query's answer: its result or its error. */
    record Answer(ApiJson.SearchResponse result, BatchJson.EntryError error) {}

    private final List<T> ready = new ArrayList<>();
    /** Per query: the index of its ready input, or null when it failed (its error is in {@link #errors}). */
    private final List<Integer> slots = new ArrayList<>();
    private final List<BatchJson.EntryError> errors = new ArrayList<>();

    void add(Reader<T> reader) throws Exception {
        try {
            T input = reader.read();
            slots.add(ready.size());
            ready.add(input);
            errors.add(null);
        } catch (Exception e) {
            ClientError error = ClientError.describe(e).orElseThrow(() -> e);
            slots.add(null);
            errors.add(BatchJson.EntryError.of(error));
        }
    }

    List<T> ready() {
        return ready;
    }

    /** Every query's answer in the order asked; {@code batch} answered {@link #ready()} in its order. */
    List<Answer> answers(BatchResult batch) {
        assert batch.entries().size() == ready.size() : "the batch answered " + batch.entries().size() + " of " + ready.size() + " queries";
        List<Answer> answers = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            Integer slot = slots.get(i);
            if (slot == null) {
                answers.add(new Answer(null, errors.get(i)));
                continue;
            }
            switch (batch.entries().get(slot)) {
                case BatchEntry.Answered answered -> answers.add(new Answer(ApiJson.SearchResponse.of(answered.result()), null));
                case BatchEntry.Failed failed -> answers.add(new Answer(null,
                        BatchJson.EntryError.of(ClientError.describe(failed.error()).orElseThrow(() -> failed.error()))));
            }
        }
        return answers;
    }
}
