package io.cvdflow.connector.binance.parse;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a stream into lines at {@code \n} (dropping a trailing {@code \r}) and keeps at most {@code
 * maxLineBytes} of each: the rest of a longer line is read and discarded, only its length is kept.
 */
final class BoundedLineReader {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private int length;
    private long totalLength;

    BoundedLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean readLine() throws IOException {
        length = 0;
        totalLength = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    if (any) {
                        dropCarriageReturn();
                    }
                    return any;
                }
                position = 0;
                limit = n;
                continue;
            }
            any = true;
            int newline = position;
            while (newline < limit && buffer[newline] != '\n') {
                newline++;
            }
            append(position, newline - position);
            if (newline < limit) {
                position = newline + 1;
                dropCarriageReturn();
                return true;
            }
            position = limit;
        }
    }

    /** The kept bytes of the line: {@code line()[0..length())}. */
    byte[] line() {
        return line;
    }

    int length() {
        return length;
    }

    /** The line's full length; above {@link #length()} when the line was longer than the limit. */
    long totalLength() {
        return totalLength;
    }

    private void append(int from, int count) {
        totalLength += count;
        int keep = Math.min(count, maxLineBytes - length);
        if (keep <= 0) {
            return;
        }
        if (length + keep > line.length) {
            byte[] grown = new byte[Math.min(maxLineBytes, Math.max(length + keep, line.length * 2))];
            System.arraycopy(line, 0, grown, 0, length);
            line = grown;
        }
        System.arraycopy(buffer, from, line, length, keep);
        length += keep;
    }

    private void dropCarriageReturn() {
        if (length > 0 && length == totalLength && line[length - 1] == '\r') {
            length--;
            totalLength--;
        }
    }
}
