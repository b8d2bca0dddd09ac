package org.huddle.shell.internal;

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
    void bidirectionalOverridesAreShownNotObeyed() {
        assertEquals("user\\u202egnp.exe", TerminalText.escape("user\u202egnp.exe"));
        assertEquals("\\u2066x\\u2069\\u200f", TerminalText.escape("\u2066x\u2069\u200f"));
    }
}
