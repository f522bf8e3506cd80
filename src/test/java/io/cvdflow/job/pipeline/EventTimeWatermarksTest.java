package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.job.config.CvdConfigLoader;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's event-time watermarks on the real trades of one recording, as one source split sees them: they
 * trail the latest trade time by the runtime profile's delay (2000 ms for {@code analysis}, 500 ms for
 * {@code realtime}, or {@code job.watermark-delay}), and a split silent for {@code job.idleness} is marked idle,
 * so that it does not hold back the others.
 */
class EventTimeWatermarksTest {
    private static final List<Trade> TRADES = RecordedFileReader.readTrades(SharedData.file(SharedData.CRYPTOFEED));

    private static final class Split implements WatermarkOutput {
        /** Not at 0: Flink's idleness timer reads a start of inactivity at 0 as none. */
        final ManualClock clock = new ManualClock(Duration.ofHours(1).toNanos());
        final WatermarkGenerator<FeedEvent> generator;
        final TimestampAssigner<FeedEvent> assigner;
        long watermark = Long.MIN_VALUE;
        boolean idle;

        Split(String yaml) {
            WatermarkStrategy<FeedEvent> strategy = CvdPipeline.watermarks(CvdConfigLoader.fromYaml(yaml, "test", List.of()));
            generator = strategy.createWatermarkGenerator(new WatermarkGeneratorSupplier.Context() {
                @Override
                public MetricGroup getMetricGroup() {
                    return UnregisteredMetricsGroup.createOperatorMetricGroup();
                }

                @Override
                public RelativeClock getInputActivityClock() {
                    return clock;
                }
            });
            assigner = strategy.createTimestampAssigner(UnregisteredMetricsGroup::createOperatorMetricGroup);
        }

        /** The trades in the recording's order, the periodic emission after each; the latest trade time. */
        long readAll() {
            long latest = Long.MIN_VALUE;
            long previous = Long.MIN_VALUE;
            for (Trade t : TRADES) {
                FeedEvent e = FeedEvent.of(t);
                previous = assigner.extractTimestamp(e, previous);
                generator.onEvent(e, previous, this);
                generator.onPeriodicEmit(this);
                latest = Math.max(latest, t.eventTimeMs);
                assertThat(watermark).as("behind the latest trade").isLessThan(latest);
            }
            return latest;
        }

        /** Periodic emissions at the start and the end of a silence of {@code d}. */
        void silentFor(Duration d) {
            generator.onPeriodicEmit(this);
            clock.advanceTime(d);
            generator.onPeriodicEmit(this);
        }

        @Override
        public void emitWatermark(Watermark w) {
            assertThat(w.getTimestamp()).as("watermarks never go back").isGreaterThanOrEqualTo(watermark);
            watermark = w.getTimestamp();
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }

    @Test
    void theAnalysisProfileWaitsTwoSecondsForLateTrades() {
        Split split = new Split("job: {runtime-profile: analysis}");
        assertThat(split.watermark).isEqualTo(Long.MIN_VALUE);
        assertThat(split.readAll() - split.watermark).isEqualTo(2000 + 1);
        assertThat(new Split("{}").readAll() - 2001).as("analysis is the default").isEqualTo(split.watermark);
    }

    @Test
    void theRealtimeProfileWaitsHalfASecond() {
        Split split = new Split("job: {runtime-profile: realtime}");
        assertThat(split.readAll() - split.watermark).isEqualTo(500 + 1);
    }

    @Test
    void theDelayIsConfigurable() {
        Split split = new Split("job: {runtime-profile: realtime, watermark-delay: 1250ms}");
        assertThat(split.readAll() - split.watermark).isEqualTo(1250 + 1);
    }

    @Test
    void aSilentSplitTurnsIdleAfterTheIdlenessTimeoutAndActiveWithItsNextTrade() {
        Split split = new Split("job: {idleness: 30s}");
        long latest = split.readAll();
        split.silentFor(Duration.ofSeconds(29));
        assertThat(split.idle).as("silent for 29 s").isFalse();
        split.silentFor(Duration.ofSeconds(2));
        assertThat(split.idle).as("silent for 31 s").isTrue();

        Trade last = TRADES.get(TRADES.size() - 1);
        split.generator.onEvent(FeedEvent.of(last), last.eventTimeMs, split);
        split.generator.onPeriodicEmit(split);
        assertThat(split.idle).as("a trade again").isFalse();
        assertThat(split.watermark).isEqualTo(latest - 2001);
    }
}
