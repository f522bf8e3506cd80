package io.cvdflow.job.validation;

import io.cvdflow.job.validation.ReportPlots.Curve;
import io.cvdflow.job.validation.ReportPlots.WindowCurve;
import io.cvdflow.job.validation.SuccessCriteria.Verdict;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The validation report as one self-contained HTML file: the tables, then plots as inline SVG (no script, no
 * external resource): the |Z| density against the normal and a QQ plot per profile, the tail ratios of every
 * quality window over time per series, and the latency distribution.
 */
public final class HtmlReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    static final String[] SERIES_COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#bcbd22", "#17becf", "#393b79", "#637939", "#843c39"};
    static final String[] PROFILE_COLORS = {"#1f77b4", "#9467bd", "#8c564b", "#17becf", "#e377c2"};
    static final String THIN_COLOR = "#999999";

    private HtmlReport() {}

    public static String render(ValidationReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>CVD validation report</title>\n")
                .append("<style>\n")
                .append("body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#222;max-width:1380px}\n")
                .append("h1{font-size:24px}h2{font-size:19px;margin-top:30px}h3{font-size:15px}\n")
                .append("table{border-collapse:collapse;font-size:13px;margin:6px 0}\n")
                .append("th,td{border:1px solid #ccc;padding:3px 8px}th{background:#f2f2f2}\n")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append("tr.PASS td.s{background:#e3f3e3}tr.FAIL td.s{background:#fbe1e1}\n")
                .append(".grid{display:flex;flex-wrap:wrap;gap:14px}p.note{color:#444;font-size:13px;max-width:1300px}\n")
                .append("</style>\n</head>\n<body>\n<h1>CVD validation report</h1>\n");
        h.append("<p>").append(SvgChart.escape(ReportText.overview(r, WHEN))).append("</p>\n");

        for (ProfileValidation p : r.profiles()) {
            table(h, p);
        }

        Map<SeriesId, String> colors = seriesColors(r);
        h.append("<h2>|Z| against the normal</h2>\n<p class=\"note\">Density of |Z| in bins of 0.1 on a log scale; "
                + "the dashed black curve is what a standard normal Z gives. Lines above it on the right are heavy tails."
                + "</p>\n<div class=\"grid\">\n");
        int plot = 0;
        for (ProfileValidation p : r.profiles()) {
            h.append(ReportPlots.absZDensity("p" + plot++, "|Z| density, profile " + p.profile(), curves(p, colors)));
        }
        h.append("</div>\n<h2>Quantiles against the normal (QQ plot)</h2>\n<p class=\"note\">Quantiles of the signed Z "
                + "against those of a standard normal; a calibrated Z follows the dashed diagonal.</p>\n<div class=\"grid\">\n");
        for (ProfileValidation p : r.profiles()) {
            h.append(ReportPlots.normalQq("p" + plot++, "QQ plot, profile " + p.profile(), curves(p, colors)));
        }
        h.append("</div>\n<h2>Tail ratios per 60 s window</h2>\n<p class=\"note\">The job's quality windows: P(|Z|&gt;2) "
                + "(solid, with dots) and P(|Z|&gt;3) (dashed) per window, with the seed's limits and the calibration "
                + "goal's band for P(|Z|&gt;2). Faint dots are the P(|Z|&gt;2) of windows with fewer than "
                + r.windowMinSamples() + " samples, which the job does not judge. Thin series (judged by the exact test) are left out.</p>\n<div class=\"grid\">\n");
        for (SeriesId id : seriesWithEnoughSamples(r)) {
            List<WindowCurve> curves = new ArrayList<>();
            for (int i = 0; i < r.profiles().size(); i++) {
                ProfileValidation p = r.profiles().get(i);
                for (SeriesStatistics s : p.series()) {
                    if (s.id().equals(id)) {
                        curves.add(new WindowCurve(p.profile(), PROFILE_COLORS[i % PROFILE_COLORS.length], s.windows()));
                    }
                }
            }
            h.append(ReportPlots.windowTails("p" + plot++, shortLabel(id), curves, r.windowMinSamples()));
        }
        h.append("</div>\n<h2>Latency</h2>\n<p class=\"note\">Distribution of the receipt-to-Z latency of every Z record, "
                + "per profile (all series together).</p>\n<div class=\"grid\">\n");
        List<Curve> latency = new ArrayList<>();
        for (int i = 0; i < r.profiles().size(); i++) {
            ProfileValidation p = r.profiles().get(i);
            latency.add(new Curve(p.profile(), PROFILE_COLORS[i % PROFILE_COLORS.length],
                    SeriesStatistics.pooled(new SeriesId("all", p.profile()), p.series())));
        }
        h.append(ReportPlots.latencyCdf("p" + plot, "Latency from receipt to Z", latency));
        h.append("</div>\n<h2>Notes</h2>\n<ul>\n");
        for (String note : ReportText.notes(r)) {
            h.append("<li>").append(SvgChart.escape(note)).append("</li>\n");
        }
        h.append("</ul>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, ProfileValidation p) {
        h.append("<h2>Profile ").append(SvgChart.escape(p.profile())).append("</h2>\n<p class=\"note\">Parameters "
                + "fingerprint <code>").append(p.parameters().fingerprint()).append("</code>. Criteria: ")
                .append(SvgChart.escape(p.criteria().describe())).append(".</p>\n<table>\n<tr><th>recording</th>"
                        + "<th>symbol</th><th>P(|Z|&gt;2)</th><th>P(|Z|&gt;3)</th><th>samples</th><th>active samples</th>"
                        + "<th>quiet samples</th><th>latency P99</th><th>99% CI P(|Z|&gt;2)</th><th>99% CI P(|Z|&gt;3)</th>"
                        + "<th>judged by</th><th>status</th></tr>\n");
        for (SeriesStatistics s : p.series()) {
            row(h, s, p.verdict(s.id()));
        }
        if (p.pooledThin() != null) {
            row(h, p.pooledThin(), p.pooledThinVerdict());
        }
        h.append("</table>\n<p><b>Summary:</b> ").append(SvgChart.escape(ReportText.summary(p))).append("</p>\n");
    }

    private static void row(StringBuilder h, SeriesStatistics s, Verdict v) {
        h.append("<tr class=\"").append(v.status().name()).append("\"><td>")
                .append(SvgChart.escape(s.id().recording())).append("</td><td>")
                .append(SvgChart.escape(s.id().symbol())).append("</td><td class=\"n\">")
                .append(ReportText.ratio(s.tailP2(), s.aboveTwo())).append("</td><td class=\"n\">")
                .append(ReportText.ratio(s.tailP3(), s.aboveThree())).append("</td><td class=\"n\">")
                .append(String.format(Locale.ROOT, "%,d", s.samples())).append("</td><td class=\"n\">")
                .append(String.format(Locale.ROOT, "%,d", s.activeSamples())).append("</td><td class=\"n\">")
                .append(String.format(Locale.ROOT, "%,d", s.quietSamples())).append("</td><td class=\"n\">")
                .append(ReportText.millis(s.latencyMs(0.99))).append("</td><td class=\"n\">")
                .append(ReportText.bounds(SuccessCriteria.intervalP2(s))).append("</td><td class=\"n\">")
                .append(ReportText.bounds(SuccessCriteria.intervalP3(s))).append("</td><td>")
                .append(ReportText.judgedBy(v)).append("</td><td class=\"s\">")
                .append(SvgChart.escape(v.describe())).append("</td></tr>\n");
    }

    /** One colour per series with enough samples in any profile, the same in every plot. */
    private static Map<SeriesId, String> seriesColors(ValidationReport r) {
        Map<SeriesId, String> colors = new LinkedHashMap<>();
        for (SeriesId id : seriesWithEnoughSamples(r)) {
            colors.put(id, SERIES_COLORS[colors.size() % SERIES_COLORS.length]);
        }
        return colors;
    }

    private static List<SeriesId> seriesWithEnoughSamples(ValidationReport r) {
        List<SeriesId> ids = new ArrayList<>();
        for (ProfileValidation p : r.profiles()) {
            for (SeriesStatistics s : p.withEnoughSamples()) {
                if (!ids.contains(s.id())) {
                    ids.add(s.id());
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The symbol and the recording's name without its extensions, cut to fit a legend. */
    static String shortLabel(SeriesId id) {
        String recording = id.recording().replaceAll("(\\.(gz|zip|jsonl|ndjson|json|csv))+$", "");
        return id.symbol() + " " + (recording.length() > 34 ? recording.substring(0, 33) + "\u2026" : recording);
    }

    private static List<Curve> curves(ProfileValidation p, Map<SeriesId, String> colors) {
        List<Curve> curves = new ArrayList<>();
        for (SeriesStatistics s : p.withEnoughSamples()) {
            curves.add(new Curve(shortLabel(s.id()), colors.get(s.id()), s));
        }
        if (p.pooledThin() != null) {
            curves.add(new Curve(ProfileValidation.POOLED_THIN, THIN_COLOR, p.pooledThin()));
        }
        return curves;
    }
}
