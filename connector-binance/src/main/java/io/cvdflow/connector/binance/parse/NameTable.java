package io.cvdflow.connector.binance.parse;

/**
 * Canonical strings for short texts that repeat on every frame (symbols, event types), looked up from a
 * parser's character buffer without allocating. Not thread-safe.
 */
final class NameTable {
    private static final int CAPACITY = 1024;
    private static final int MAX_PROBES = 8;

    private final boolean symbols;
    private final String[] raw = new String[CAPACITY];
    private final String[] canonical = new String[CAPACITY];

    private NameTable(boolean symbols) {
        this.symbols = symbols;
    }

    /** Symbols: upper-cased and checked against {@link BinanceSymbol}; invalid ones come back as null. */
    static NameTable forSymbols() {
        return new NameTable(true);
    }

    /** Any text, returned as it is. */
    static NameTable forNames() {
        return new NameTable(false);
    }

    String lookup(char[] text, int offset, int length) {
        int hash = 0;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + text[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (CAPACITY - 1);
        for (int probe = 0; probe < MAX_PROBES; probe++) {
            String key = raw[slot];
            if (key == null) {
                String value = canonicalOf(text, offset, length);
                if (value != null) {
                    raw[slot] = new String(text, offset, length);
                    canonical[slot] = value;
                }
                return value;
            }
            if (equal(key, text, offset, length)) {
                return canonical[slot];
            }
            slot = (slot + 1) & (CAPACITY - 1);
        }
        return canonicalOf(text, offset, length);
    }

    private String canonicalOf(char[] text, int offset, int length) {
        if (!symbols) {
            return new String(text, offset, length);
        }
        if (!BinanceSymbol.isValid(text, offset, length)) {
            return null;
        }
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BinanceSymbol.upper(text[offset + i]);
        }
        return new String(out);
    }

    private static boolean equal(String key, char[] text, int offset, int length) {
        if (key.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key.charAt(i) != text[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
