package io.camsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StaticGroupMembershipTest {

    @Test
    void theConfiguredIdWinsOverTheHostName() {
        assertEquals("embedder-7", StaticGroupMembership.instanceId(Optional.of(" embedder-7 "), () -> Optional.of("host")));
    }

    @Test
    void unsetOrBlankFallsBackToTheHostName() {
        assertEquals("camsearch-5d9f", StaticGroupMembership.instanceId(Optional.empty(), () -> Optional.of("camsearch-5d9f")));
        assertEquals("camsearch-5d9f", StaticGroupMembership.instanceId(Optional.of("  "), () -> Optional.of("camsearch-5d9f")));
    }

    @Test
    void withNeitherTheErrorSaysWhichSettingToSet() {
        var e = assertThrows(IllegalStateException.class, () -> StaticGroupMembership.instanceId(Optional.empty(), Optional::empty));
        assertTrue(e.getMessage().contains("camsearch.instance-id"), e.getMessage());
    }

    @Test
    void controlCharactersAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> StaticGroupMembership.instanceId(Optional.of("a\nb"), Optional::empty));
        assertTrue(e.getMessage().contains("camsearch.instance-id"), e.getMessage());
    }
}
