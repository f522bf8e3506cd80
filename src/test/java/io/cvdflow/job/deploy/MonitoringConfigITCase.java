package io.cvdflow.job.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code deploy/check-config.sh} with the real promtool and amtool: Prometheus config and rules, the rules'
 * unit tests (every alert against synthetic series), every dashboard query, and the Alertmanager config. Needs
 * Debian's {@code prometheus} and {@code prometheus-alertmanager} packages, which {@code .ci/run} installs.
 */
class MonitoringConfigITCase {
    @Test
    void promtoolAndAmtoolAcceptTheMonitoringConfiguration() throws IOException, InterruptedException {
        for (String tool : new String[] {"promtool", "amtool"}) {
            assertThat(onPath(tool)).as("%s on the PATH (apt-get install prometheus prometheus-alertmanager)", tool).isTrue();
        }
        Process p = new ProcessBuilder("bash", "deploy/check-config.sh").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        System.out.println(output);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS").doesNotContain("FAILED");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
