package org.huddle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void plainTextIsLeftAlone() {
        String s = "héllo wörld 😀 <b>&amp;</b> \\n";
        assertSame(s, TerminalText.escape(s));
    }

    @Test
    void controlCharactersAndAnsiEscapesAreShownNotObeyed() {
        assertEquals("\\u001b[31mred\\u001b[0m", TerminalText.escape("\u001b[31mred\u001b[0m"));
        assertEquals("a\\nb\\rc\\td\\u0007\\u0000\\u009b", TerminalText.escape("a\nb\rc\td\u0007\u0000\u009b"));
    }

    @Test
    void everyC0AndC1ControlAndDeleteIsEscaped() {
        for (char c = 0; c < 0xa0; c++) {
            if (c >= 0x20 && c < 0x7f) {
                continue;
            }
            String shown = TerminalText.escape("a" + c + "b");
            String expected = switch (c) {
                case '\n' -> "a\\nb";
                case '\r' -> "a\\rb";
                case '\t' -> "a\\tb";
                default -> String.format("a\\u%04xb", (int) c);
            };
            assertEquals(expected, shown, "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void escapeSequencesOfEveryKindLoseTheirIntroducer() {
        // CSI, OSC ended by BEL and by ST, DCS, and the 8-bit CSI and OSC
        assertEquals("\\u001b[6n\\u001b]0;title\\u0007\\u001b]8;;http://x\\u001b\\\\u001bPq\\u001b\\\\u009b2J\\u009d0;t",
                TerminalText.escape("\u001b[6n\u001b]0;title\u0007\u001b]8;;http://x\u001b\\\u001bPq\u001b\\\u009b2J\u009d0;t"));
    }

    @Test
    void unicodeLineAndParagraphSeparatorsAreEscaped() {
        assertEquals("one\\u2028two\\u2029three", TerminalText.escape("one\u2028two\u2029three"));
    }

    @Test
    void loneSurrogatesAreEscapedAndPairsKept() {
        assertEquals("\\ud800", TerminalText.escape("\ud800"));
        assertEquals("\\udc00x", TerminalText.escape("\udc00x"));
        assertEquals("x\\ud83d", TerminalText.escape("x\ud83d"));
        // a low before a high: neither belongs to the other
        assertEquals("\\ude00\\ud83d", TerminalText.escape("\ude00\ud83d"));
        // a high too many, then a pair
        assertEquals("\\ud83d\ud83d\ude00", TerminalText.escape("\ud83d\ud83d\ude00"));
        assertEquals("\ud83d\ude00\\ude00", TerminalText.escape("\ud83d\ude00\ude00"));
        assertEquals("\udbff\udfff", TerminalText.escape("\udbff\udfff"));
    }

    @Test
    void bidirectionalOverridesAreShownNotObeyed() {
        assertEquals("user\\u202egnp.exe", TerminalText.escape("user\u202egnp.exe"));
        assertEquals("\\u2066x\\u2069\\u200f", TerminalText.escape("\u2066x\u2069\u200f"));
        for (char c : "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c".toCharArray()) {
            assertEquals(String.format("\\u%04x", (int) c), TerminalText.escape(String.valueOf(c)));
        }
    }
}
