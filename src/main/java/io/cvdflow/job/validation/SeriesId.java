package io.cvdflow.job.validation;

/**
 * One series of trades that a validation judges: a symbol in one recording. Two recordings of the same symbol
 * (a spot day and a futures day, say) are separate series, because the job's state would otherwise carry one
 * market's trade sizes into the other's.
 *
 * @param recording the recording's name: a file name, or a label for inputs replayed as one
 * @param symbol the symbol the job keys by
 */
public record SeriesId(String recording, String symbol) implements Comparable<SeriesId> {
    public String label() {
        return recording + " " + symbol;
    }

    @Override
    public int compareTo(SeriesId o) {
        int c = recording.compareTo(o.recording);
        return c != 0 ? c : symbol.compareTo(o.symbol);
    }

    @Override
    public String toString() {
        return label();
    }
}
