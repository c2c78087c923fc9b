package io.camsearch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TorchRuntimeTest {

    @Test
    void oneDnnIsCappedAtAvx2InThisProcessUnlessTheUserExportedACap() {
        String exported = System.getenv(TorchRuntime.ONEDNN_ISA_VARIABLE);
        assertEquals(exported != null ? exported : TorchRuntime.ONEDNN_ISA, TorchRuntime.onednnIsaCap());
    }

    @Test
    void djlRunsOffline() {
        TorchRuntime.engine();
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }
}
