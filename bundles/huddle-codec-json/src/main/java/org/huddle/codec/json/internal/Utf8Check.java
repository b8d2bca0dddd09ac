package org.huddle.codec.json.internal;

/**
 * Strict UTF-8 (RFC 3629) without decoding: no overlong forms, no encoded surrogates (U+D800–DFFF),
 * nothing above U+10FFFF, no sequence cut short. Java's own decoder refuses the same, but needs a
 * buffer of characters as long as the datagram for every datagram it checks; this looks at the bytes
 * only, and runs through ASCII, nearly all of a Huddle datagram, one comparison a byte.
 */
final class Utf8Check {

    private Utf8Check() {
    }

    /**
     * @return the index of the first byte of the first malformed sequence in {@code bytes[from, to)}, where
     *         Java's UTF-8 decoder reports it too, or -1 when all of it is well-formed
     */
    static int firstMalformed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xff;
            int length;
            int min2; // the range of the second byte, which is where overlongs, surrogates and > U+10FFFF show
            int max2;
            if (lead >= 0xc2 && lead <= 0xdf) {
                length = 2;
                min2 = 0x80;
                max2 = 0xbf;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                length = 3;
                min2 = lead == 0xe0 ? 0xa0 : 0x80;
                max2 = lead == 0xed ? 0x9f : 0xbf;
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                length = 4;
                min2 = lead == 0xf0 ? 0x90 : 0x80;
                max2 = lead == 0xf4 ? 0x8f : 0xbf;
            } else {
                return i; // a continuation byte without a lead, C0, C1 or F5..FF
            }
            if (i + 1 >= to) {
                return i;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < min2 || second > max2) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                if (i + k >= to || (bytes[i + k] & 0xc0) != 0x80) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
