package io.cvdflow.job.control;

import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.model.ControlAction;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.pipeline.JsonLines;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlCommandParserTest {
    private final CvdConfig config = CvdConfigLoader.defaults();
    private final ControlCommandParser parser = new ControlCommandParser(config);

    @Test
    void readsTheThreeCommands() throws Exception {
        ControlCommand s = parser.parse("{\"action\":\"switch-profile\",\"symbol\":\"BTCUSDT\",\"profile\":\"baseline\",\"reason\":\"manual\"}");
        assertThat(s.action).isEqualTo(ControlAction.SWITCH_PROFILE);
        assertThat(s.symbol).isEqualTo("BTCUSDT");
        assertThat(s.profile).isEqualTo("baseline");
        assertThat(s.issuedBy).isEqualTo("operator");
        assertThat(s.appliesTo("BTCUSDT")).isTrue();
        assertThat(s.appliesTo("ETHUSDT")).isFalse();

        ControlCommand p = parser.parse("{\"action\":\"set-parameters\",\"symbol\":\"*\",\"parameters\":{\"WINSOR_LIMIT\":6,\"MAD_MULTIPLIER\":\"2.20\"}}");
        assertThat(p.parameters).isEqualTo("MAD_MULTIPLIER=2.2,WINSOR_LIMIT=6");
        assertThat(p.appliesTo("ANYUSDT")).isTrue();

        ControlCommand f = parser.parse("{\"action\":\"PIN_FINGERPRINT\",\"symbol\":\"BTCUSDT\",\"fingerprint\":\"7cfbd0c7c4ea69ea\"}");
        assertThat(f.action).isEqualTo(ControlAction.PIN_FINGERPRINT);
    }

    /** The README's example commands and its one-line roll forward, as an operator would paste them. */
    @Test
    void theReadmesCommandsAreValidAndTheRollForwardIsKeyedByItsSymbol() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Control commands"), readme.indexOf("## Validation"));
        String examples = section.substring(section.indexOf("```json") + 7, section.indexOf("```", section.indexOf("```json") + 7));
        List<String> lines = examples.strip().lines().collect(Collectors.toList());
        assertThat(lines).hasSize(4);
        for (String line : lines) {
            assertThat(parser.parse(line).symbol).as(line).isNotNull();
        }
        Matcher rollForward = Pattern.compile("echo '([A-Z]+):(\\{.*\\})' \\|").matcher(section);
        assertThat(rollForward.find()).as("the roll-forward line").isTrue();
        ControlCommand c = parser.parse(rollForward.group(2));
        assertThat(c.action).isEqualTo(ControlAction.SWITCH_PROFILE);
        assertThat(c.symbol).isEqualTo(rollForward.group(1));
        assertThat(config.profileNames()).contains(c.profile);
        assertThat(section).contains("--topic cvd.control --property parse.key=true --property key.separator=:");
    }

    @Test
    void theJobsOwnRollbackCommandsReadBackAsWritten() throws Exception {
        ControlCommand c = new ControlCommand();
        c.action = ControlAction.SWITCH_PROFILE;
        c.symbol = "ETHUSDT";
        c.profile = "baseline";
        c.issuedBy = "rollback";
        c.reason = "3 consecutive failing checks";
        c.issuedAtMs = 1_723_161_600_000L;
        ControlCommand back = parser.parse(JsonLines.toJson(c));
        assertThat(back).usingRecursiveComparison().isEqualTo(c);
    }

    @Test
    void refusesWhatCannotBeApplied() {
        assertThatThrownBy(() -> parser.parse("{\"action\":\"switch-profile\""))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parser.parse("[1,2]"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parser.parse("{\"action\":\"reboot\",\"symbol\":\"BTCUSDT\"}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("unknown action 'reboot'");
        assertThatThrownBy(() -> parser.parse("{\"action\":\"switch-profile\",\"symbol\":\"BTCUSDT\",\"profile\":\"nope\"}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("unknown profile 'nope'");
        assertThatThrownBy(() -> parser.parse("{\"action\":\"switch-profile\",\"symbol\":\"btc usdt\",\"profile\":\"a1\"}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("neither a symbol");
        assertThatThrownBy(() -> parser.parse("{\"action\":\"switch-profile\",\"profile\":\"a1\"}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("missing field 'symbol'");
        assertThatThrownBy(() -> parser.parse("{\"action\":\"set-parameters\",\"symbol\":\"*\",\"parameters\":{\"SCALE_FAST_WEIGHT\":1.5}}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("SCALE_FAST_WEIGHT").hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> parser.parse("{\"action\":\"set-parameters\",\"symbol\":\"*\",\"parameters\":{\"NOPE\":1}}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("NOPE");
        assertThatThrownBy(() -> parser.parse("{\"action\":\"set-parameters\",\"symbol\":\"*\"}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("parameters");
        assertThatThrownBy(() -> parser.parse("{\"action\":\"pin-fingerprint\",\"symbol\":\"*\"}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("missing field 'fingerprint'");
        assertThatThrownBy(() -> parser.parse("{\"action\":\"switch-profile\",\"symbol\":\"*\",\"profile\":\"a1\",\"sudo\":true}"))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("unknown field 'sudo'");
    }

    @Test
    void resolvedParametersCarryTheCommandsValuesAndTheirFingerprint() throws Exception {
        assertThat(parser.resolve("a1", "BTCUSDT", null).fingerprint())
                .isEqualTo(config.parameters("a1", "BTCUSDT").fingerprint());
        assertThat(parser.resolve("a1", "BTCUSDT", "MAD_MULTIPLIER=2.2").asMap()).containsEntry("MAD_MULTIPLIER", "2.2");
        assertThat(parser.resolve("a1", "BTCUSDT", "MAD_MULTIPLIER=2.2").fingerprint())
                .isNotEqualTo(config.parameters("a1", "BTCUSDT").fingerprint());
    }
}
