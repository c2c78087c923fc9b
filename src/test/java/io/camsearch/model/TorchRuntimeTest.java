package io.camsearch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TorchRuntimeTest {

    @Test
    void oneDnnIsCappedAtAvx2InThisProcessUnlessTheUserExportedACap() {
        assertDefaulted(TorchRuntime.ONEDNN_ISA_VARIABLE, TorchRuntime.ONEDNN_ISA);
    }

    /** System.getenv is the environment the JVM started with; the native one is what libtorch reads. */
    private static void assertDefaulted(String variable, String value) {
        String exported = System.getenv(variable);
        assertEquals(exported != null ? exported : value, TorchRuntime.nativeEnvironment(variable));
    }

    @Test
    void djlRunsOffline() {
        TorchRuntime.engine();
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }
}
