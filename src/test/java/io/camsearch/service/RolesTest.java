package io.camsearch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code camsearch.roles}: the roles it may list, and the message for anything else. */
class RolesTest {

    @Test
    void bothRolesAreTheOneProcessPathAndEachAloneIsItsOwn() {
        Roles both = Roles.parse(List.of("embedder", "searcher"));
        assertTrue(both.oneProcess());
        assertEquals("embedder,searcher", both.toString());
        Roles embedder = Roles.parse(List.of(" Embedder "));
        assertTrue(embedder.embedderOnly());
        assertFalse(embedder.oneProcess());
        assertFalse(embedder.serves(Roles.Role.SEARCHER));
        Roles searcher = Roles.parse(List.of("searcher", "searcher"));
        assertTrue(searcher.searcherOnly());
        assertEquals("searcher", searcher.toString());
        assertEquals(both, Roles.parse(List.of("searcher", "embedder")));
    }

    @Test
    void anUnknownRoleFailsNamingTheKeyTheValueAndTheAllowedRoles() {
        var e = assertThrows(IllegalArgumentException.class, () -> Roles.parse(List.of("embedder", "indexer")));
        assertEquals("camsearch.roles lists 'indexer', which is not a role; the roles are embedder and searcher, one or both,"
                + " comma-separated (both: embedder,searcher)", e.getMessage());
    }

    @Test
    void noRoleFailsNamingTheKeyAndTheAllowedRoles() {
        var e = assertThrows(IllegalArgumentException.class, () -> Roles.parse(List.of()));
        assertEquals("camsearch.roles is empty; the roles are embedder and searcher, one or both, comma-separated (both: embedder,searcher)",
                e.getMessage());
    }

    @Test
    void theCatalogImagesChannelRunsOnlyWhenOneProcessRunsBothRoles() {
        assertTrue(RoleChannels.oneProcess("embedder,searcher"));
        assertTrue(RoleChannels.oneProcess("searcher, embedder"));
        assertFalse(RoleChannels.oneProcess("embedder"));
        assertFalse(RoleChannels.oneProcess("searcher"));
        assertFalse(RoleChannels.oneProcess("embedder,indexer"), "a bad value leaves the channel off; start-up then fails on it");
        assertFalse(RoleChannels.oneProcess(""));
    }
}
