package io.cvdflow.job.estimator;

import io.cvdflow.connector.binance.model.Trade;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A1 on the real recordings against an independent implementation: a direct Python transcription of
 * {@code a1-delta-z.md} (its own file reader, {@code sorted()} per trade, {@code collections.deque}, the C
 * library's {@code exp} and {@code pow}), which produced the expected values below. Counts must match exactly;
 * the sums of Z agree to rounding (the two use different {@code exp} implementations).
 */
class A1RecordingsGoldenTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "recorded-ws-btcusd_perp_20240808.gz | BTCUSD_PERP | event-time | 2243 | 545 | 416 | -438.1114579775421 | 3746.884546639676",
        "recorded-ws-btcusd_perp_20240808.gz | BTCUSD_PERP | trades | 2243 | 383 | 267 | -273.5259940618279 | 2477.372282928329",
        "recorded-ws-btcusd_perp_20240809.gz | BTCUSD_PERP | event-time | 2926 | 740 | 548 | 998.8923078013349 | 4932.683030726234",
        "recorded-ws-btcusd_perp_20240809.gz | BTCUSD_PERP | trades | 2926 | 430 | 311 | 730.8853274434163 | 3010.82613388572",
        "BTCUSDT-aggTrades-2026-01-01-first5000.csv | BTCUSDT | event-time | 4981 | 153 | 110 | 130.15174579970153 | 1279.5638918196378",
        "BTCUSDT-aggTrades-2026-01-01-first5000.csv | BTCUSDT | trades | 4981 | 304 | 213 | 169.8505670634315 | 2260.2180041445586",
        "recorded-ws-btcusdt_20240808.gz | BTCUSDT | event-time | 9738 | 1396 | 955 | -582.2378728805329 | 8468.042482891879",
        "recorded-ws-btcusdt_20240808.gz | BTCUSDT | trades | 9738 | 1186 | 841 | -640.8615837197599 | 7717.968938069183",
        "recorded-ws-btcusdt_20240809.gz | BTCUSDT | event-time | 10128 | 2766 | 2351 | -926.1236778383604 | 18656.359055701752",
        "recorded-ws-btcusdt_20240809.gz | BTCUSDT | trades | 10128 | 1431 | 934 | -559.843194752203 | 8703.373615065628",
        "recorded-ws-ethusdt_20240808.gz | ETHUSDT | event-time | 6087 | 1616 | 1406 | 977.9337582943691 | 11230.93582663602",
        "recorded-ws-ethusdt_20240808.gz | ETHUSDT | trades | 6087 | 1003 | 751 | 63.79369681355736 | 6154.863376779461",
        "recorded-ws-ethusdt_20240809.gz | ETHUSDT | event-time | 8390 | 2077 | 1757 | 936.1304073028313 | 14378.792990534905",
        "recorded-ws-ethusdt_20240809.gz | ETHUSDT | trades | 8390 | 1179 | 896 | 92.53182584071412 | 7337.889642257673",
        "cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl | BATUSDT | event-time | 51 | 17 | 15 | 8.480913553480503 | 102.74120720936098",
        "cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl | BATUSDT | trades | 51 | 18 | 15 | 11.011813578947889 | 104.5081083328951",
        "cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl | CHRUSDT | event-time | 18 | 3 | 2 | -14.374264803348845 | 29.283310531650056",
        "cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl | CHRUSDT | trades | 18 | 3 | 3 | -15.915682206559222 | 35.745882482939216",
        "cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl | CTKUSDT | event-time | 63 | 25 | 21 | -62.602625346284576 | 123.28235605749624",
        "cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl | CTKUSDT | trades | 63 | 26 | 25 | -78.370187832587 | 150.79639058541167",
        "cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl | NEOUSDT | event-time | 156 | 27 | 21 | -56.76546350159617 | 200.26161616102382",
        "cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl | NEOUSDT | trades | 156 | 27 | 21 | -54.61001367971727 | 198.77288967867338",
        "cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl | SANDUSDT | event-time | 130 | 6 | 3 | 2.6296445313968086 | 98.52678153713781",
        "cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl | SANDUSDT | trades | 130 | 6 | 3 | 2.544311716289388 | 98.57679826176154",
        "ethusdt-aggtrade-2025-10-17_19-reconstructed.jsonl.gz | ETHUSDT | event-time | 39715 | 6669 | 6246 | -4661.572235961042 | 50020.778657581104",
        "ethusdt-aggtrade-2025-10-17_19-reconstructed.jsonl.gz | ETHUSDT | trades | 39715 | 4028 | 3251 | -2024.206188322805 | 24571.4413045772"
    })
    void a1MatchesAnIndependentImplementation(String file, String symbol, String clock, int zCount, int aboveTwo,
            int aboveThree, double sumZ, double sumAbsZ) {
        ZEstimator z = ZEstimator.create(EstimatorProfiles.a1().with("CLOCK", clock));
        EstimatorState s = z.newState();
        ZResult out = new ZResult();
        int count = 0;
        int two = 0;
        int three = 0;
        double sum = 0;
        double sumAbs = 0;
        for (Trade t : Recordings.of(file, symbol).trades()) {
            z.update(s, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, out);
            if (out.hasZ()) {
                count++;
                two += Math.abs(out.z) > 2 ? 1 : 0;
                three += Math.abs(out.z) > 3 ? 1 : 0;
                sum += out.z;
                sumAbs += Math.abs(out.z);
            }
        }
        assertThat(count).isEqualTo(zCount);
        assertThat(two).isEqualTo(aboveTwo);
        assertThat(three).isEqualTo(aboveThree);
        assertThat(sum).isCloseTo(sumZ, within(1e-9 * sumAbsZ));
        assertThat(sumAbs).isCloseTo(sumAbsZ, within(1e-9 * sumAbsZ));
    }
}
