package io.cvdflow.connector.binance.parse;

import com.fasterxml.jackson.core.io.NumberInput;

/** Number parsing straight from a character buffer, so that no String is made per value. */
final class DecimalText {
    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L
    };

    private DecimalText() {}

    /** A decimal integer with an optional leading minus sign. */
    static long parseLong(char[] text, int offset, int length) {
        if (length == 0) {
            throw new NumberFormatException("empty");
        }
        int i = offset;
        int end = offset + length;
        boolean negative = text[i] == '-';
        if (negative && ++i == end) {
            throw new NumberFormatException("sign only");
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("not a digit: " + text[i]);
            }
            if (value > (Long.MAX_VALUE - digit) / 10) {
                throw new NumberFormatException("out of range");
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** Any decimal or scientific notation Java accepts, including NaN and Infinity. */
    static double parseDouble(char[] text, int offset, int length) {
        if (length == 0) {
            throw new NumberFormatException("empty");
        }
        return NumberInput.parseDouble(text, offset, length, true);
    }

    /**
     * Decimal seconds ({@code 1617647798.3741188}) to epoch nanoseconds without the rounding a double would add;
     * digits past the ninth decimal are cut. Returns {@link Long#MIN_VALUE} for any other notation.
     */
    static long secondsToNanos(char[] text, int offset, int length) {
        int end = offset + length;
        int i = offset;
        long seconds = 0;
        int intDigits = 0;
        while (i < end && text[i] >= '0' && text[i] <= '9') {
            if (++intDigits > 10) {
                return Long.MIN_VALUE;
            }
            seconds = seconds * 10 + (text[i++] - '0');
        }
        if (intDigits == 0) {
            return Long.MIN_VALUE;
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < end && text[i] == '.') {
            i++;
            while (i < end && text[i] >= '0' && text[i] <= '9') {
                if (fractionDigits < 9) {
                    fraction = fraction * 10 + (text[i] - '0');
                    fractionDigits++;
                }
                i++;
            }
        }
        if (i != end) {
            return Long.MIN_VALUE;
        }
        return seconds * 1_000_000_000L + fraction * POW10[9 - fractionDigits];
    }
}
