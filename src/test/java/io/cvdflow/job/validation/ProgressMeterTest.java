package io.cvdflow.job.validation;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressMeterTest {
    private long now;

    @Test
    void aLineShowsTheBarTheCountTheRateAndTheTimeLeft() {
        ProgressMeter meter = new ProgressMeter(new PrintStream(new ByteArrayOutputStream()), "trades", 1000, false, 1000, () -> now);
        assertThat(meter.line(250, 5_000_000_000L))
                .isEqualTo("[########......................]  25% 250/1,000 trades, 50/s, elapsed 0:05, ETA 0:15");
        assertThat(meter.line(1000, 3_725_000_000_000L)).isEqualTo(
                "[##############################] 100% 1,000/1,000 trades, 0/s, elapsed 1:02:05");
    }

    @Test
    void withoutATotalThereIsNoBarAndNoEstimate() {
        ProgressMeter meter = new ProgressMeter(new PrintStream(new ByteArrayOutputStream()), "Z records", 0, false, 1000, () -> now);
        assertThat(meter.line(12_345, 2_000_000_000L)).isEqualTo("12,345 Z records, 6,173/s, elapsed 0:02");
    }

    @Test
    void aLogGetsALinePerIntervalAndATerminalOneRedrawnLine() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ProgressMeter lines = new ProgressMeter(new PrintStream(log, true, StandardCharsets.UTF_8), "trades", 100, false, 1000, () -> now);
        for (int i = 1; i <= 30; i++) {
            now += 100_000_000L;
            lines.update(i);
        }
        lines.finish(100);
        assertThat(log.toString(StandardCharsets.UTF_8).split("\n")).hasSize(4)
                .allMatch(l -> l.startsWith("[") && !l.contains("\r"));

        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        now = 0;
        ProgressMeter bar = new ProgressMeter(new PrintStream(terminal, true, StandardCharsets.UTF_8), "trades", 100, true, 200, () -> now);
        now = 300_000_000L;
        bar.update(10);
        bar.total(200);
        bar.finish(200);
        String out = terminal.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\r[###").contains("10/100 trades").contains("\r[").contains("200/200 trades").endsWith("\n");
        assertThat(out.chars().filter(c -> c == '\n')).hasSize(1);
    }
}
