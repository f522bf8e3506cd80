package io.cvdflow.job.validation;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.EstimatorState;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.quality.QualityAccumulator;
import io.cvdflow.job.quality.QualityReport;
import io.cvdflow.job.quality.QualitySettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Z records of real recordings, computed by the estimator directly, as the job would emit them. Latency stands in
 * as the gap since the symbol's previous trade (a real, heavy-tailed, non-negative distribution): received at the
 * previous trade's time, emitted at this one's.
 */
final class RealSeries {
    private RealSeries() {}

    static List<Trade> trades(String file, String symbol) {
        List<Trade> trades = new ArrayList<>();
        for (Trade t : RecordedFileReader.readTrades(SharedData.file(file))) {
            if (t.symbol.equals(symbol)) {
                trades.add(t);
            }
        }
        return trades;
    }

    static List<ZRecord> zRecords(String file, String symbol, String profile, EstimatorParameters parameters) {
        ZEstimator estimator = ZEstimator.create(parameters);
        EstimatorState state = estimator.newState();
        ZResult out = new ZResult();
        List<ZRecord> records = new ArrayList<>();
        long previousMs = -1;
        for (Trade t : trades(file, symbol)) {
            estimator.update(state, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, out);
            ZRecord r = ZRecord.of(t, out, profile, parameters.fingerprint());
            r.receivedAtNanos = (previousMs < 0 ? t.eventTimeMs : previousMs) * 1_000_000L;
            r.emittedAtNanos = t.eventTimeMs * 1_000_000L;
            previousMs = t.eventTimeMs;
            records.add(r);
        }
        return records;
    }

    /** The statistics of a series: its records, and quality windows of 60 s split as the job splits them. */
    static SeriesStatistics statistics(SeriesId id, List<ZRecord> records) {
        SeriesStatistics s = new SeriesStatistics(id);
        records.forEach(s::add);
        windows(records).forEach(s::add);
        return s;
    }

    /** 60 s windows, each split at the 0.60 quantile of the previous window's trade rates, as the job does. */
    static List<QualityReport> windows(List<ZRecord> records) {
        QualitySettings settings = QualitySettings.defaults();
        long interval = settings.checkIntervalMs();
        List<QualityReport> reports = new ArrayList<>();
        QualityAccumulator open = null;
        long openStart = Long.MIN_VALUE;
        for (ZRecord r : records) {
            long start = r.tradeTimeMs - Math.floorMod(r.tradeTimeMs, interval);
            if (open == null || start != openStart) {
                double threshold = Double.NaN;
                if (open != null) {
                    reports.add(open.report(r.symbol, openStart, openStart + interval, r.profile, r.fingerprint, settings));
                    if (openStart == start - interval) {
                        threshold = open.nextRegimeThreshold(settings.regimeQuantile());
                    }
                }
                open = new QualityAccumulator(threshold);
                openStart = start;
            }
            open.add(r);
        }
        if (open != null) {
            ZRecord last = records.get(records.size() - 1);
            reports.add(open.report(last.symbol, openStart, openStart + interval, last.profile, last.fingerprint, settings));
        }
        return reports;
    }
}
