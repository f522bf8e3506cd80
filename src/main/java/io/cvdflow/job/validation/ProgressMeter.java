package io.cvdflow.job.validation;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long run on a terminal: a bar redrawn in place ({@code \r}) when the stream is a terminal, else
 * one line every few seconds, with the work done, the rate and the time left at that rate. Not thread-safe: one
 * thread updates it.
 */
public final class ProgressMeter {
    private static final int BAR = 30;

    private final PrintStream out;
    private final String unit;
    private final boolean inPlace;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long startNanos;
    private long total;
    private long lastPrintNanos;

    /**
     * @param unit what is counted, in the plural ("trades")
     * @param total the expected amount, or 0 when unknown (no bar, no ETA)
     * @param inPlace redraw one line (a terminal) rather than print a line per interval (a log)
     */
    public ProgressMeter(PrintStream out, String unit, long total, boolean inPlace, long intervalMillis, LongSupplier clock) {
        this.out = out;
        this.unit = unit;
        this.total = total;
        this.inPlace = inPlace;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastPrintNanos = startNanos;
    }

    /** On standard error: in place on a terminal every 200 ms, else a line every 5 s. */
    public static ProgressMeter onStandardError(String unit, long total) {
        boolean terminal = System.console() != null;
        return new ProgressMeter(System.err, unit, total, terminal, terminal ? 200 : 5000, System::nanoTime);
    }

    /** Corrects the expected amount. */
    public void total(long total) {
        this.total = total;
    }

    /** Reports {@code done} so far; prints when the interval has passed. */
    public void update(long done) {
        long now = clock.getAsLong();
        if (now - lastPrintNanos >= intervalNanos) {
            lastPrintNanos = now;
            print(done, now, false);
        }
    }

    /** Prints the final state and ends the line. */
    public void finish(long done) {
        print(done, clock.getAsLong(), true);
    }

    /** The progress line for {@code done} after {@code elapsedNanos}. */
    String line(long done, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder s = new StringBuilder();
        if (total > 0) {
            double fraction = Math.min(1, (double) done / total);
            int filled = (int) Math.round(fraction * BAR);
            s.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3.0f%% ", 100 * fraction))
                    .append(String.format(Locale.ROOT, "%,d/%,d %s", done, total, unit));
        } else {
            s.append(String.format(Locale.ROOT, "%,d %s", done, unit));
        }
        s.append(String.format(Locale.ROOT, ", %,.0f/s, elapsed %s", rate, clock(seconds)));
        if (total > 0 && rate > 0 && done < total) {
            s.append(", ETA ").append(clock((total - done) / rate));
        }
        return s.toString();
    }

    private void print(long done, long now, boolean last) {
        String line = line(done, now - startNanos);
        if (inPlace) {
            out.print("\r" + line + "  ");
            if (last) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
