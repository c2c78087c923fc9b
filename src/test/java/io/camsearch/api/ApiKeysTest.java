package io.camsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final String SEARCH = "search-key-0123456789";
    private static final String ADMIN = "admin-key-0123456789ab";

    @Test
    void noKeysLeaveTheApiOpen() {
        assertTrue(ApiKeys.of(List.of(), List.of()).open());
        assertFalse(ApiKeys.of(List.of(), List.of(ADMIN)).open(), "an admin key alone turns keys on");
    }

    @Test
    void aKeyGrantsItsListsAccessAndAnAdminKeyGrantsSearchToo() {
        ApiKeys keys = ApiKeys.of(List.of(SEARCH, "second-search-key-xyz"), List.of(ADMIN));
        assertEquals(ApiKeys.Access.SEARCH, keys.accessOf(SEARCH));
        assertEquals(ApiKeys.Access.SEARCH, keys.accessOf("second-search-key-xyz"));
        assertEquals(ApiKeys.Access.ADMIN, keys.accessOf(ADMIN));
        assertTrue(ApiKeys.Access.ADMIN.allows(ApiKeys.Access.SEARCH));
        assertFalse(ApiKeys.Access.SEARCH.allows(ApiKeys.Access.ADMIN));
    }

    @Test
    void aKeyThatDiffersInCaseLengthOrOneCharacterGrantsNothing() {
        ApiKeys keys = ApiKeys.of(List.of(SEARCH), List.of(ADMIN));
        for (String wrong : List.of(SEARCH.toUpperCase(), SEARCH + "x", SEARCH.substring(1), SEARCH.replace('9', '8'), "", ADMIN + " ")) {
            assertEquals(ApiKeys.Access.NONE, keys.accessOf(wrong), wrong);
        }
    }

    @Test
    void aWeakKeyIsRefusedNamingItsPlaceButNotItsValue() {
        var shortKey = assertThrows(IllegalArgumentException.class, () -> ApiKeys.of(List.of(SEARCH, "letmein"), List.of()));
        assertEquals("search-keys: key 2 of 2 has 7 characters; use at least 16 random ones (e.g. openssl rand -hex 32)", shortKey.getMessage());
        var spaced = assertThrows(IllegalArgumentException.class, () -> ApiKeys.of(List.of(), List.of("admin key with spaces 123")));
        assertEquals("admin-keys: key 1 of 1 holds whitespace; keys are single tokens (e.g. openssl rand -hex 32)", spaced.getMessage());
        var blank = assertThrows(IllegalArgumentException.class, () -> ApiKeys.of(List.of(" "), List.of()));
        assertEquals("search-keys: key 1 of 1 is empty", blank.getMessage());
    }
}
