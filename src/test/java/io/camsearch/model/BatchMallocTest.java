package io.camsearch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** mallopt through the foreign-function API, in this (glibc, Linux) test JVM. */
class BatchMallocTest {

    @Test
    void glibcTakesAllThreeSettings() {
        String previous = System.getProperty(BatchMalloc.PROPERTY);
        System.clearProperty(BatchMalloc.PROPERTY);
        try {
            String said = BatchMalloc.apply();
            assertTrue(said.startsWith("malloc: set for batch work"), said);
        } finally {
            restore(previous);
        }
    }

    @Test
    void thePropertyKeepsGlibcsDefaults() {
        String previous = System.getProperty(BatchMalloc.PROPERTY);
        System.setProperty(BatchMalloc.PROPERTY, BatchMalloc.DEFAULT);
        try {
            assertEquals("malloc: glibc's defaults (-Dcamsearch.malloc=default)", BatchMalloc.apply());
        } finally {
            restore(previous);
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(BatchMalloc.PROPERTY);
        } else {
            System.setProperty(BatchMalloc.PROPERTY, previous);
        }
    }
}
