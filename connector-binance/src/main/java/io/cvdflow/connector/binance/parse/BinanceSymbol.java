package io.cvdflow.connector.binance.parse;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The symbol rule of the connector: upper-cased, then {@code [A-Z0-9_]{1,40}} (USD-M {@code BTCUSDT}, COIN-M
 * {@code BTCUSD_PERP}).
 */
@PublicEvolving
public final class BinanceSymbol {
    public static final int MAX_LENGTH = 40;
    public static final String PATTERN = "[A-Z0-9_]{1,40}";

    private BinanceSymbol() {}

    /** The canonical (upper-case) symbol, or null when {@code raw} is null or breaks the rule. */
    public static String normalize(CharSequence raw) {
        if (raw == null || raw.length() == 0 || raw.length() > MAX_LENGTH) {
            return null;
        }
        char[] out = new char[raw.length()];
        for (int i = 0; i < out.length; i++) {
            char c = upper(raw.charAt(i));
            if (c == 0) {
                return null;
            }
            out[i] = c;
        }
        return new String(out);
    }

    static boolean isValid(char[] text, int offset, int length) {
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = offset; i < offset + length; i++) {
            if (upper(text[i]) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The upper-case form of a symbol character, or 0 when the character is not allowed. */
    static char upper(char c) {
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
            return c;
        }
        if (c >= 'a' && c <= 'z') {
            return (char) (c - 32);
        }
        return 0;
    }
}
