package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.estimator.ClockMode;
import io.cvdflow.job.estimator.EstimatorParameter;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.NamedOption;
import io.cvdflow.job.estimator.ScaleMode;
import io.cvdflow.job.estimator.WithheldReason;
import io.cvdflow.job.estimator.ZMode;
import io.cvdflow.job.model.ZRecord;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Z operator's metrics (docs/METRICS.md): per-symbol message, error and latency counters, the parameters
 * and profile in force, the configuration's version, and the estimator's processing time. Per-symbol groups
 * register on a symbol's first trade, every counter at 0.
 */
final class ZOperatorMetrics {
    /** Upper bounds of the latency histograms' buckets, seconds. */
    static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    private static final double[] PROCESSING_BUCKETS = {1e-7, 2.5e-7, 5e-7, 1e-6, 2.5e-6, 5e-6, 1e-5, 1e-4, 1e-3};

    private final MetricGroup operator;
    private final Map<String, SymbolMetrics> symbols = new HashMap<>();
    private final Histogram processing;

    ZOperatorMetrics(MetricGroup operator, CvdConfig config) {
        this.operator = operator;
        operator.addGroup("version", config.version()).addGroup("fingerprint", config.fingerprint())
                .gauge("cvd_config_info", () -> 1);
        processing = new Histogram(operator, "cvd_processing_duration_seconds", PROCESSING_BUCKETS);
    }

    void emitted(ZRecord r, WithheldReason reason, long processingNanos) {
        SymbolMetrics m = symbol(r.symbol);
        (reason == WithheldReason.NONE ? m.ok : m.withheld).inc();
        double latency = (r.emittedAtNanos - r.receivedAtNanos) / 1e9;
        if (r.receivedAtNanos > 0) {
            m.latency.observe(Math.max(0, latency));
        }
        processing.observe(processingNanos / 1e9);
    }

    void rejected(String symbol, RejectReason reason) {
        SymbolMetrics m = symbol(symbol);
        (reason == RejectReason.DUPLICATE_ID ? m.duplicate : m.rejected).inc();
        m.errors.get(reason).inc();
    }

    void parametersInForce(String symbol, String profile, EstimatorParameters parameters) {
        SymbolMetrics m = symbol(symbol);
        m.profile = profile;
        m.parameters = parameters;
        m.profiles.computeIfAbsent(profile, p -> m.group.addGroup("profile", p)
                .gauge("cvd_active_profile", () -> p.equals(m.profile) ? 1 : 0));
    }

    private SymbolMetrics symbol(String symbol) {
        return symbols.computeIfAbsent(symbol, s -> new SymbolMetrics(operator.addGroup("symbol", s)));
    }

    private static double numeric(EstimatorParameter p, String value) {
        switch (p.type()) {
            case BOOL:
                return Boolean.parseBoolean(value) ? 1 : 0;
            case ENUM:
                for (Class<? extends Enum<?>> type : java.util.List.<Class<? extends Enum<?>>>of(
                        ZMode.class, ScaleMode.class, ClockMode.class)) {
                    for (Enum<?> option : type.getEnumConstants()) {
                        if (((NamedOption) option).configName().equals(value)) {
                            return option.ordinal();
                        }
                    }
                }
                return Double.NaN;
            default:
                return Double.parseDouble(value);
        }
    }

    private static final class SymbolMetrics {
        final MetricGroup group;
        final Counter ok;
        final Counter withheld;
        final Counter rejected;
        final Counter duplicate;
        final EnumMap<RejectReason, Counter> errors = new EnumMap<>(RejectReason.class);
        final Histogram latency;
        final Map<String, Gauge<Integer>> profiles = new HashMap<>();
        volatile String profile;
        volatile EstimatorParameters parameters;

        SymbolMetrics(MetricGroup group) {
            this.group = group;
            ok = group.addGroup("status", "ok").counter("cvd_messages");
            withheld = group.addGroup("status", "withheld").counter("cvd_messages");
            rejected = group.addGroup("status", "rejected").counter("cvd_messages");
            duplicate = group.addGroup("status", "duplicate").counter("cvd_messages");
            for (RejectReason r : RejectReason.values()) {
                errors.put(r, group.addGroup("error_type", r.name()).counter("cvd_errors"));
            }
            latency = new Histogram(group, "cvd_latency", LATENCY_BUCKETS);
            for (EstimatorParameter p : EstimatorParameter.values()) {
                group.gauge("cvd_parameter_" + p.key().toLowerCase(Locale.ROOT), () -> {
                    EstimatorParameters now = parameters;
                    return now == null ? Double.NaN : numeric(p, now.value(p));
                });
            }
        }
    }

    /** A Prometheus-style histogram from Flink counters: cumulative {@code _bucket{le}}, {@code _count}, {@code _sum}. */
    static final class Histogram {
        private final double[] bounds;
        private final Counter[] buckets;
        private final Counter count;
        private volatile double sum;

        Histogram(MetricGroup group, String name, double[] bounds) {
            this.bounds = bounds;
            this.buckets = new Counter[bounds.length + 1];
            for (int i = 0; i < bounds.length; i++) {
                buckets[i] = group.addGroup("le", java.math.BigDecimal.valueOf(bounds[i]).toPlainString())
                        .counter(name + "_bucket");
            }
            buckets[bounds.length] = group.addGroup("le", "+Inf").counter(name + "_bucket");
            count = group.counter(name + "_count");
            group.gauge(name + "_sum", () -> sum);
        }

        void observe(double value) {
            for (int i = bounds.length - 1; i >= 0 && value <= bounds[i]; i--) {
                buckets[i].inc();
            }
            buckets[bounds.length].inc();
            count.inc();
            sum += value;
        }
    }
}
