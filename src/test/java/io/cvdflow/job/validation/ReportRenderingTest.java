package io.cvdflow.job.validation;

import io.cvdflow.job.validation.ReportPlots.Curve;
import io.cvdflow.job.validation.ReportPlots.WindowCurve;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Markdown and HTML reports and their SVG plots, built from real series. */
class ReportRenderingTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final ProfileValidation A1 = ProfileValidationTest.validation("a1");
    private static final ProfileValidation CALIBRATED = ProfileValidationTest.validation("calibrated");
    private static final ValidationReport REPORT = new ValidationReport("../shared/data (3 files)", "replay at full speed",
            1, Instant.parse("2026-01-02T03:04:05Z"), Duration.ofSeconds(10), 12345, 100, List.of(A1, CALIBRATED));

    @Test
    void theMarkdownHasTheSeedsTableAndSummaryPerProfile() {
        String md = MarkdownReport.render(REPORT, "report.html");
        assertThat(md).startsWith("# CVD validation report\n").contains("[report.html](report.html)")
                .contains("## Profile `a1`").contains("## Profile `calibrated`")
                .contains("| recording | symbol | P(\\|Z\\|>2) | P(\\|Z\\|>3) | samples | active samples | quiet samples "
                        + "| latency P99 | 99% CI P(\\|Z\\|>2) | 99% CI P(\\|Z\\|>3) | judged by | status |");
        for (ProfileValidation p : REPORT.profiles()) {
            for (SeriesStatistics s : p.series()) {
                String row = String.format(java.util.Locale.ROOT, "| %s | %s | %s (%,d) | %s (%,d) | %,d | %,d | %,d | ",
                        s.id().recording(), s.id().symbol(), SuccessCriteria.percent(s.tailP2()), s.aboveTwo(),
                        SuccessCriteria.percent(s.tailP3()), s.aboveThree(), s.samples(), s.activeSamples(),
                        s.quietSamples());
                assertThat(md).contains(row);
                double[] ci = SuccessCriteria.intervalP2(s);
                assertThat(md).contains(String.format(java.util.Locale.ROOT, " | %.2f\u2013%.2f%% | ", 100 * ci[0], 100 * ci[1]));
                assertThat(md).contains(" | " + (s.samples() >= 1000 ? "ratios" : "exact test") + " | "
                        + p.verdict(s.id()).describe().replace("|", "\\|") + " |");
            }
            assertThat(md).contains("**Summary:** " + ReportText.summary(p));
        }
        assertThat(md).contains("| thin series pooled | 2 series |").contains("symbols passed: 2 of 5 (1 by the exact test)")
                .contains("symbols passed: 5 of 5 (2 by the exact test)").contains("FAIL: P(\\|Z\\|>2) ")
                .contains("FAIL: P(\\|Z\\|>2) 99% CI [");
        assertThat(md).contains("Run 2026-01-02 03:04 UTC over ../shared/data (3 files)").contains("12,345 Z records");
    }

    @Test
    void theHtmlIsSelfContainedWithOnePlotPerProfileKindAndSeries() throws Exception {
        String html = HtmlReport.render(REPORT);
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("<img")
                .doesNotContain("<link").doesNotContain("src=");
        assertThat(html.replace(SVG_NS, "")).doesNotContain("http://").doesNotContain("https://");
        List<Document> svgs = svgs(html);
        // |Z| density and QQ per profile, a window plot per series judged alone, and the latency plot
        assertThat(svgs).hasSize(2 * 2 + 3 + 1);
        List<String> titles = new ArrayList<>();
        svgs.forEach(d -> titles.add(d.getDocumentElement().getAttribute("aria-label")));
        assertThat(titles).contains("|Z| density, profile a1", "QQ plot, profile calibrated", "Latency from receipt to Z",
                "ETHUSDT recorded-ws-ethusdt_20240808");
        SeriesStatistics first = A1.series().get(0);
        assertThat(html).contains("<td class=\"n\">" + ReportText.ratio(first.tailP2(), first.aboveTwo()) + "</td>");
        assertThat(html).contains("<td>exact test</td>").contains("<td>ratios</td>");
        assertThat(html).contains("<tr class=\"FAIL\">").contains("<tr class=\"PASS\">");
    }

    @Test
    void theDensityPlotHasALinePerCurveAndTheNormalDensity() throws Exception {
        List<Curve> curves = new ArrayList<>();
        for (SeriesStatistics s : CALIBRATED.withEnoughSamples()) {
            curves.add(new Curve(s.id().symbol(), "#123456", s));
        }
        Document svg = parse(ReportPlots.absZDensity("t", "density", curves));
        Element root = svg.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(SVG_NS);
        assertThat(root.getAttribute("viewBox")).startsWith("0 0 660 ");
        assertThat(elements(svg, "clipPath")).hasSize(1);
        List<Element> lines = elements(svg, "path");
        assertThat(lines).hasSize(curves.size() + 1);
        assertThat(lines.stream().filter(p -> p.getAttribute("stroke").equals("#123456"))).hasSize(curves.size());
        assertThat(lines.stream().filter(p -> p.getAttribute("stroke").equals("#000"))).singleElement()
                .satisfies(p -> assertThat(p.getAttribute("stroke-dasharray")).isNotEmpty());
        assertThat(texts(svg)).contains("density", "|Z|", "normal: 2 phi(|z|)", "ETHUSDT", "1e-5");
        for (Element p : lines) {
            assertThat(p.getAttribute("clip-path")).isEqualTo("url(#t)");
            assertThat(p.getAttribute("d")).matches("M[0-9. LM-]+");
        }
    }

    @Test
    void theQqPlotFollowsTheDiagonalForTheCalibratedProfile() throws Exception {
        SeriesStatistics eth = CALIBRATED.withEnoughSamples().get(2);
        Document svg = parse(ReportPlots.normalQq("q", "qq", List.of(new Curve("eth", "#abcdef", eth))));
        Element line = elements(svg, "path").stream().filter(p -> p.getAttribute("stroke").equals("#abcdef")).findFirst().orElseThrow();
        List<double[]> points = coordinates(line.getAttribute("d"));
        assertThat(points).hasSize(ReportPlots.qqProbabilities(eth.samples()).size());
        // quantiles rise with the probability: rightwards and (SVG y grows downwards) upwards
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i)[0]).isGreaterThan(points.get(i - 1)[0]);
            assertThat(points.get(i)[1]).isLessThanOrEqualTo(points.get(i - 1)[1]);
        }
    }

    @Test
    void theWindowPlotHasTheThresholdsAndOneMarkerPerWindow() throws Exception {
        SeriesStatistics btc = A1.withEnoughSamples().get(1);
        Document svg = parse(ReportPlots.windowTails("w", "windows", List.of(new WindowCurve("a1", "#010203", btc.windows())), 100));
        assertThat(texts(svg)).contains("goal band P(|Z|>2)", "P(|Z|>2) limit 8%", "P(|Z|>2) rollback 10%",
                "P(|Z|>3) limit 2.5%", "a1 P(|Z|>2)", "a1 P(|Z|>3)", "minutes since first window");
        assertThat(elements(svg, "rect").stream().filter(r -> "#2ca02c".equals(r.getAttribute("fill")))).hasSize(2);
        assertThat(elements(svg, "circle").stream().filter(c -> ((Element) c.getParentNode()).getAttribute("fill").equals("#010203")))
                .hasSize(btc.windows().size());
    }

    @Test
    void theLatencyPlotMarksTheLimitAndEachProfilesP99() throws Exception {
        Document svg = parse(ReportPlots.latencyCdf("l", "latency",
                List.of(new Curve("a1", "#111111", A1.withEnoughSamples().get(0)), new Curve("calibrated", "#222222", CALIBRATED.withEnoughSamples().get(0)))));
        assertThat(texts(svg)).contains("P99 limit 100 ms").anyMatch(t -> t.startsWith("a1 (P99 "))
                .anyMatch(t -> t.startsWith("calibrated (P99 "));
        assertThat(elements(svg, "line").stream().filter(l -> "#d62728".equals(l.getAttribute("stroke")))).isNotEmpty();
    }

    @Test
    void textIsEscaped() throws Exception {
        SvgChart chart = new SvgChart("e", "a <b> & \"c\"", 300, 200, SvgChart.Axis.linear(0, 1, "x & y"),
                SvgChart.Axis.log(0.1, 10, "<log>"));
        Document svg = parse(chart.svg());
        assertThat(texts(svg)).contains("a <b> & \"c\"", "x & y", "<log>", "1e-1", "1", "10", "0", "0.2", "0.6");
    }

    static List<Document> svgs(String html) throws Exception {
        List<Document> docs = new ArrayList<>();
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            docs.add(parse(m.group()));
        }
        return docs;
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<Element> elements(Document d, String name) {
        NodeList nodes = d.getElementsByTagNameNS(SVG_NS, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static List<String> texts(Document d) {
        List<String> out = new ArrayList<>();
        elements(d, "text").forEach(e -> out.add(e.getTextContent()));
        return out;
    }

    private static List<double[]> coordinates(String d) {
        List<double[]> points = new ArrayList<>();
        Matcher m = Pattern.compile("[ML]([-0-9.]+) ([-0-9.]+)").matcher(d);
        while (m.find()) {
            points.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        return points;
    }
}
