package io.cvdflow.job.pipeline;

import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.quality.QualityAccumulator;
import io.cvdflow.job.quality.QualityReport;
import io.cvdflow.job.quality.QualitySettings;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tumbling event-time quality windows per symbol, one every check interval, aggregated incrementally into a
 * {@link QualityAccumulator} (no record is buffered) and reported when the watermark passes the window's end.
 *
 * <p>A window's regime threshold comes from the window before it, when the first record of the window arrives;
 * trades of a symbol arrive in ID order, so the split does not depend on when watermarks happen to arrive.
 * Records behind the watermark (their window already reported) are counted as late and left out.
 */
public class QualityWindowFunction extends KeyedProcessFunction<String, ZRecord, QualityReport> {
    private final CvdConfig config;
    private final long intervalMs;

    private transient MapState<Long, QualityWindow> windows;
    private transient ValueState<Double> lastThreshold;
    private transient ValueState<Long> lastReportedStart;
    private transient QualityMetrics metrics;
    private transient Counter late;

    public QualityWindowFunction(CvdConfig config) {
        this.config = config;
        this.intervalMs = config.quality().checkIntervalMs();
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("quality-windows", Types.LONG, CvdTypes.QUALITY_WINDOW));
        lastThreshold = getRuntimeContext().getState(new ValueStateDescriptor<>("regime-threshold", Types.DOUBLE));
        lastReportedStart = getRuntimeContext().getState(new ValueStateDescriptor<>("last-reported-window", Types.LONG));
        metrics = new QualityMetrics(getRuntimeContext().getMetricGroup(), config);
        late = getRuntimeContext().getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(ZRecord r, Context ctx, Collector<QualityReport> out) throws Exception {
        long start = r.tradeTimeMs - Math.floorMod(r.tradeTimeMs, intervalMs);
        long end = start + intervalMs;
        if (end - 1 <= ctx.timerService().currentWatermark()) {
            late.inc();
            return;
        }
        QualityWindow w = windows.get(start);
        if (w == null) {
            w = new QualityWindow();
            w.statistics = new QualityAccumulator(thresholdBefore(start));
            ctx.timerService().registerEventTimeTimer(end - 1);
        }
        w.statistics.add(r);
        w.profile = r.profile;
        w.fingerprint = r.fingerprint;
        windows.put(start, w);
    }

    /** The regime threshold for a window: from the window just before it, open or already reported. */
    private double thresholdBefore(long start) throws Exception {
        QualityWindow previous = windows.get(start - intervalMs);
        if (previous != null) {
            return previous.statistics.nextRegimeThreshold(config.quality().regimeQuantile());
        }
        Long reported = lastReportedStart.value();
        return reported != null && reported == start - intervalMs ? lastThreshold.value() : Double.NaN;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<QualityReport> out) throws Exception {
        long start = timestamp + 1 - intervalMs;
        QualityWindow w = windows.get(start);
        if (w == null) {
            return;
        }
        String symbol = ctx.getCurrentKey();
        QualitySettings settings = config.quality(symbol);
        QualityReport report = w.statistics.report(symbol, start, start + intervalMs, w.profile, w.fingerprint, settings);
        lastThreshold.update(w.statistics.nextRegimeThreshold(settings.regimeQuantile()));
        lastReportedStart.update(start);
        windows.remove(start);
        metrics.report(report, settings);
        out.collect(report);
    }
}
