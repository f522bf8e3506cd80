package io.cvdflow.job.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A two-axis chart drawn as standalone inline SVG: linear or log-10 axes with ticks and grid, lines, markers,
 * horizontal bands and reference lines, a title and a legend. Everything outside the plot area is clipped.
 * Text is XML-escaped; coordinates are written with one decimal.
 */
final class SvgChart {
    static final String FONT = "font-family=\"Helvetica,Arial,sans-serif\"";
    private static final double LEFT = 62;
    private static final double RIGHT = 16;
    private static final double TOP = 34;
    private static final double BOTTOM = 46;
    private static final double LEGEND_ROW = 16;

    /** A mapping from data values to pixels along one axis. */
    static final class Axis {
        final boolean log;
        final double lo;
        final double hi;
        final String label;
        double from;
        double to;

        private Axis(boolean log, double lo, double hi, String label) {
            if (!(hi > lo) || (log && !(lo > 0))) {
                throw new IllegalArgumentException("bad axis domain [" + lo + ", " + hi + "]" + (log ? " (log)" : ""));
            }
            this.log = log;
            this.lo = lo;
            this.hi = hi;
            this.label = label;
        }

        static Axis linear(double lo, double hi, String label) {
            return new Axis(false, lo, hi, label);
        }

        static Axis log(double lo, double hi, String label) {
            return new Axis(true, lo, hi, label);
        }

        /** Pixel of {@code v}, or NaN when {@code v} has none (NaN, or not positive on a log axis). */
        double map(double v) {
            if (Double.isNaN(v) || (log && !(v > 0))) {
                return Double.NaN;
            }
            double t = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
            return from + t * (to - from);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (int e = (int) Math.floor(Math.log10(lo)); e <= (int) Math.ceil(Math.log10(hi)); e++) {
                    double v = Math.pow(10, e);
                    if (v >= lo * 0.999 && v <= hi * 1.001) {
                        ticks.add(v);
                    }
                }
                return ticks;
            }
            double raw = (hi - lo) / 6;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : raw / magnitude < 7.5 ? 5 : 10);
            for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
                ticks.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
            }
            return ticks;
        }

        String format(double v) {
            if (log) {
                return v >= 1 && v < 1e6 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.0e", v)
                        .replace("e-0", "e-").replace("e+0", "e");
            }
            return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v)
                    .replaceAll("0+$", "");
        }
    }

    private final String id;
    private final String title;
    private final double width;
    private final double height;
    private final Axis x;
    private final Axis y;
    private final StringBuilder layers = new StringBuilder();
    private final List<String[]> legend = new ArrayList<>();

    /**
     * @param id unique within the page: it names the clip path
     */
    SvgChart(String id, String title, int width, int height, Axis x, Axis y) {
        this.id = id;
        this.title = title;
        this.width = width;
        this.height = height;
        this.x = x;
        this.y = y;
        x.from = LEFT;
        x.to = width - RIGHT;
        y.from = height - BOTTOM;
        y.to = TOP;
    }

    /** A shaded horizontal band between two y values. */
    SvgChart band(double yLo, double yHi, String fill, String label) {
        double top = y.map(yHi);
        double bottom = y.map(yLo);
        layers.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                + "fill-opacity=\"0.25\" clip-path=\"url(#%s)\"/>%n", x.from, top, x.to - x.from, bottom - top, fill, id));
        legendEntry(label, fill, "band");
        return this;
    }

    /** A horizontal reference line. */
    SvgChart horizontal(double value, String color, String dash, String label) {
        double py = y.map(value);
        if (!Double.isNaN(py) && py >= y.to - 0.5 && py <= y.from + 0.5) {
            layers.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-width=\"1.2\"%s/>%n", x.from, py, x.to, py, color, dashAttribute(dash)));
        }
        legendEntry(label, color, dash);
        return this;
    }

    /** A vertical reference line. */
    SvgChart vertical(double value, String color, String dash, String label) {
        double px = x.map(value);
        if (!Double.isNaN(px) && px >= x.from - 0.5 && px <= x.to + 0.5) {
            layers.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-width=\"1.2\"%s/>%n", px, y.from, px, y.to, color, dashAttribute(dash)));
        }
        legendEntry(label, color, dash);
        return this;
    }

    /** A polyline through the points; a point without a pixel (NaN, or &lt;= 0 on a log axis) breaks it. */
    SvgChart line(double[] xs, double[] ys, String color, double strokeWidth, String dash, String label) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < xs.length; i++) {
            double px = x.map(xs[i]);
            double py = y.map(ys[i]);
            if (Double.isNaN(px) || Double.isNaN(py)) {
                pen = false;
                continue;
            }
            d.append(pen ? 'L' : 'M').append(String.format(Locale.ROOT, "%.1f %.1f ", px, clampY(py)));
            pen = true;
        }
        if (d.length() > 0) {
            layers.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" "
                    + "stroke-linejoin=\"round\"%s clip-path=\"url(#%s)\"/>%n", d.toString().trim(), color, strokeWidth,
                    dashAttribute(dash), id));
        }
        legendEntry(label, color, dash);
        return this;
    }

    /** Circle markers; {@code opacity} below 1 for points that matter less. */
    SvgChart points(double[] xs, double[] ys, String color, double radius, double opacity, String label) {
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            double px = x.map(xs[i]);
            double py = y.map(ys[i]);
            if (!Double.isNaN(px) && !Double.isNaN(py)) {
                g.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", px, clampY(py), radius));
            }
        }
        if (g.length() > 0) {
            layers.append(String.format(Locale.ROOT, "<g fill=\"%s\" fill-opacity=\"%.2f\" clip-path=\"url(#%s)\">%s</g>%n",
                    color, opacity, id, g));
        }
        legendEntry(label, color, "dot");
        return this;
    }

    /** The finished {@code <svg>} element. */
    String svg() {
        int columns = legendColumns();
        int legendRows = (legend.size() + columns - 1) / columns;
        double total = height + legendRows * LEGEND_ROW + (legendRows > 0 ? 6 : 0);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                + "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s\">%n", width, total, width, total, escape(title)));
        s.append(String.format(Locale.ROOT, "<defs><clipPath id=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                + "height=\"%.1f\"/></clipPath></defs>%n", id, x.from, y.to, x.to - x.from, y.from - y.to));
        s.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>%n", width, total));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"20\" %s font-size=\"14\" font-weight=\"bold\" fill=\"#222\">%s</text>%n",
                x.from, FONT, escape(title)));
        axes(s);
        s.append(layers);
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                + "stroke=\"#444\" stroke-width=\"1\"/>%n", x.from, y.to, x.to - x.from, y.from - y.to));
        legend(s);
        s.append("</svg>\n");
        return s.toString();
    }

    private void axes(StringBuilder s) {
        for (double t : x.ticks()) {
            double px = x.map(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" %s font-size=\"11\" fill=\"#333\" text-anchor=\"middle\">%s</text>%n",
                    px, y.from, px, y.to, px, y.from + 15, FONT, escape(x.format(t))));
        }
        for (double t : y.ticks()) {
            double py = y.map(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" %s font-size=\"11\" fill=\"#333\" text-anchor=\"end\">%s</text>%n",
                    x.from, py, x.to, py, x.from - 5, py + 4, FONT, escape(y.format(t))));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s font-size=\"12\" fill=\"#222\" "
                + "text-anchor=\"middle\">%s</text>%n", (x.from + x.to) / 2, y.from + 34, FONT, escape(x.label)));
        double midY = (y.from + y.to) / 2;
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" %s font-size=\"12\" fill=\"#222\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 16 %.1f)\">%s</text>%n", midY, FONT, midY, escape(y.label)));
    }

    private void legend(StringBuilder s) {
        int columns = legendColumns();
        double columnWidth = (width - LEFT - RIGHT) / columns;
        for (int i = 0; i < legend.size(); i++) {
            String[] e = legend.get(i);
            double lx = LEFT + (i % columns) * columnWidth;
            double ly = height + 4 + (i / columns) * LEGEND_ROW;
            String label = e[0];
            String color = e[1];
            String style = e[2];
            if ("band".equals(style)) {
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"9\" fill=\"%s\" fill-opacity=\"0.35\"/>",
                        lx, ly - 8, color));
            } else if ("dot".equals(style)) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>", lx + 9, ly - 3.5, color));
            } else {
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                        lx, ly - 3.5, lx + 18, ly - 3.5, color, dashAttribute(style)));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s font-size=\"11\" fill=\"#222\">%s</text>%n",
                    lx + 24, ly, FONT, escape(label)));
        }
    }

    /** As many columns (at most 3) as the longest label leaves room for, at about 6 pixels a character. */
    private int legendColumns() {
        int longest = 0;
        for (String[] e : legend) {
            longest = Math.max(longest, e[0].length());
        }
        double needed = 30 + 6.0 * longest;
        return (int) Math.max(1, Math.min(3, Math.floor((width - LEFT - RIGHT) / needed)));
    }

    private void legendEntry(String label, String color, String style) {
        if (label != null) {
            legend.add(new String[] {label, color, style});
        }
    }

    private double clampY(double py) {
        // keeps far-off values finite in the file; the clip path hides them
        return Math.max(y.to - 1000, Math.min(y.from + 1000, py));
    }

    private static String dashAttribute(String dash) {
        return dash == null || dash.isEmpty() || "band".equals(dash) || "dot".equals(dash) ? ""
                : " stroke-dasharray=\"" + dash + "\"";
    }

    /** XML text and attribute escaping. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
