package org.huddle.engine.internal.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits a file into {@code \n}-terminated lines without ever holding more than one line of at most
 * {@code limit} bytes, so a damaged or foreign file (no newlines, gigabytes) costs time, not memory.
 */
public final class HistoryLines {

    private final InputStream in;
    private final int limit;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean overlong;
    private byte lastByte = '\n';

    HistoryLines(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /**
     * @return the next line without its {@code \n} (a last line without one included), or {@code null} at the
     *         end of the file; {@link #overlong()} says whether it was cut at the limit
     */
    ByteBuffer next() throws IOException {
        lineLength = 0;
        overlong = false;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                chunkEnd = in.read(chunk);
                chunkPos = 0;
                if (chunkEnd <= 0) {
                    chunkEnd = 0;
                    return any ? ByteBuffer.wrap(line, 0, lineLength) : null;
                }
                lastByte = chunk[chunkEnd - 1];
            }
            any = true;
            int newline = indexOf(chunk, chunkPos, chunkEnd, (byte) '\n');
            int end = newline < 0 ? chunkEnd : newline;
            keep(chunk, chunkPos, end - chunkPos);
            chunkPos = newline < 0 ? chunkEnd : newline + 1;
            if (newline >= 0) {
                return ByteBuffer.wrap(line, 0, lineLength);
            }
        }
    }

    /** @return whether the line last returned was longer than the limit (and only its start was kept) */
    boolean overlong() {
        return overlong;
    }

    /**
     * @return whether something written after the end would start a line of its own: the file is empty or
     *         its last byte is a newline. Valid once {@link #next()} returned {@code null}.
     */
    boolean endsWithNewline() {
        return lastByte == '\n';
    }

    private void keep(byte[] from, int offset, int length) {
        int room = limit - lineLength;
        if (length > room) {
            overlong = true;
            length = Math.max(room, 0);
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.min(limit, Math.max(line.length * 2, lineLength + length)));
        }
        System.arraycopy(from, offset, line, lineLength, length);
        lineLength += length;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
