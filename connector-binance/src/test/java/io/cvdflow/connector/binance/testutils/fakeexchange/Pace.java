package io.cvdflow.connector.binance.testutils.fakeexchange;

/** How {@link FakeBinanceExchange#startPacing} releases trades on its own thread. */
public final class Pace {
    final double speed;
    final double tradesPerSecond;

    private Pace(double speed, double tradesPerSecond) {
        this.speed = speed;
        this.tradesPerSecond = tradesPerSecond;
    }

    /**
     * Each TRADING symbol at its recorded pace times {@code speed}, starting from its next trade; quiet stretches in
     * a recording longer than 10 s are cut to 10 s.
     */
    public static Pace recorded(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        return new Pace(speed, 0);
    }

    /** {@code tradesPerSecond} summed over all TRADING symbols, one symbol after the other in turn. */
    public static Pace fixedRate(double tradesPerSecond) {
        if (!(tradesPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + tradesPerSecond);
        }
        return new Pace(0, tradesPerSecond);
    }

    boolean isRecorded() {
        return speed > 0;
    }

    @Override
    public String toString() {
        return isRecorded() ? "recorded pace x" + speed : tradesPerSecond + " trades/s";
    }
}
