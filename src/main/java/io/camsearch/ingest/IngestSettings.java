package io.camsearch.ingest;

/**
 * @param modelBatch images embedded together (bounds the model's memory per forward)
 * @param fetchThreads images fetched and decoded concurrently (bounds the decoded pixels held at once)
 * @param thumbnailMaxSide the longer side of the thumbnail stored with each item
 */
public record IngestSettings(int modelBatch, int fetchThreads, int thumbnailMaxSide) {

    public static final IngestSettings DEFAULT = new IngestSettings(32, 4, 256);

    public IngestSettings {
        if (modelBatch < 1 || fetchThreads < 1 || thumbnailMaxSide < 16) {
            throw new IllegalArgumentException("ingest settings need modelBatch >= 1, fetchThreads >= 1 and thumbnailMaxSide >= 16, got "
                    + modelBatch + ", " + fetchThreads + ", " + thumbnailMaxSide);
        }
    }
}
