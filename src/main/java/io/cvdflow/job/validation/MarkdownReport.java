package io.cvdflow.job.validation;

import io.cvdflow.job.validation.SuccessCriteria.Verdict;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The validation report as Markdown: the seed's table and summary per profile, then notes on the figures. */
public final class MarkdownReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private MarkdownReport() {}

    /** @param htmlName file name of the HTML report beside it, or null */
    public static String render(ValidationReport r, String htmlName) {
        StringBuilder md = new StringBuilder("# CVD validation report\n\n");
        md.append(ReportText.overview(r, WHEN)).append('\n');
        if (htmlName != null) {
            md.append("Plots: [").append(htmlName).append("](").append(htmlName).append(").\n");
        }
        for (ProfileValidation p : r.profiles()) {
            md.append("\n## Profile `").append(p.profile()).append("`\n\n");
            md.append("Parameters fingerprint `").append(p.parameters().fingerprint()).append("`. Criteria: ")
                    .append(p.criteria().describe()).append(".\n\n");
            md.append("| recording | symbol | P(\\|Z\\|>2) | P(\\|Z\\|>3) | samples | active samples | quiet samples "
                    + "| latency P99 | 99% CI P(\\|Z\\|>2) | 99% CI P(\\|Z\\|>3) | judged by | status |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
            for (SeriesStatistics s : p.series()) {
                row(md, s, p.verdict(s.id()));
            }
            if (p.pooledThin() != null) {
                row(md, p.pooledThin(), p.pooledThinVerdict());
            }
            md.append("\n**Summary:** ").append(ReportText.summary(p)).append('\n');
        }
        md.append("\n## Notes\n\n");
        for (String note : ReportText.notes(r)) {
            md.append("- ").append(note).append('\n');
        }
        return md.toString();
    }

    private static void row(StringBuilder md, SeriesStatistics s, Verdict v) {
        md.append("| ").append(cell(s.id().recording()))
                .append(" | ").append(cell(s.id().symbol()))
                .append(" | ").append(ReportText.ratio(s.tailP2(), s.aboveTwo()))
                .append(" | ").append(ReportText.ratio(s.tailP3(), s.aboveThree()))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", s.samples()))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", s.activeSamples()))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", s.quietSamples()))
                .append(" | ").append(ReportText.millis(s.latencyMs(0.99)))
                .append(" | ").append(ReportText.bounds(SuccessCriteria.intervalP2(s)))
                .append(" | ").append(ReportText.bounds(SuccessCriteria.intervalP3(s)))
                .append(" | ").append(ReportText.judgedBy(v))
                .append(" | ").append(cell(v.describe()))
                .append(" |\n");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
