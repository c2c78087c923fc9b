package io.camsearch.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void lineBreaksAndOtherControlCharactersAreEscaped() {
        assertEquals("key\\n2026-01-01 ERROR forged", LogText.escape("key\n2026-01-01 ERROR forged"));
        assertEquals("a\\r\\tb\\u001b[31mc\\u2028d", LogText.escape("a\r\tb\u001b[31mc\u2028d"));
        assertEquals("plain text, unchanged", LogText.escape("plain text, unchanged"));
        assertEquals("null", LogText.escape(null));
    }

    @Test
    void longValuesAreCut() {
        assertEquals("x".repeat(512) + "...", LogText.escape("x".repeat(10_000)));
    }
}
