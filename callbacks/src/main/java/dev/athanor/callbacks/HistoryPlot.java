package dev.athanor.callbacks;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processor;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.athanor.core.AtomicFiles;
import dev.athanor.core.History;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves of a {@link History} as an image (XChart): one panel per quantity — {@code loss}
 * first, then every metric (and {@code lr} when a callback logged it) — each showing the training
 * values and, when present, the validation values ({@code val_<name>}) against the epoch (1-based).
 * Panels are laid out two per row; the learning rate, when positive, is on a logarithmic axis.
 *
 * <pre>{@code HistoryPlot.save(history, Path.of("curves.png"));   // or .svg
 * HistoryPlot.save(history, Path.of("curves"));           // writes curves.png and curves.svg}</pre>
 *
 * Files are written atomically (a temporary file then a rename).
 */
public final class HistoryPlot {

    /** Width of one panel in pixels. */
    public static final int PANEL_WIDTH = 560;
    /** Height of one panel in pixels. */
    public static final int PANEL_HEIGHT = 380;

    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VALIDATION = new Color(255, 127, 14);

    private HistoryPlot() {
    }

    /**
     * Writes the plot: PNG for a {@code .png} path, SVG for {@code .svg}, and both
     * ({@code path.png} and {@code path.svg}) for a path without one of these extensions.
     *
     * @return the files written
     */
    public static List<Path> save(History history, Path path) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        List<Path> out = new ArrayList<>();
        if (name.endsWith(".png")) {
            savePng(history, path);
            out.add(path);
        } else if (name.endsWith(".svg")) {
            saveSvg(history, path);
            out.add(path);
        } else {
            Path png = path.resolveSibling(path.getFileName() + ".png");
            Path svg = path.resolveSibling(path.getFileName() + ".svg");
            savePng(history, png);
            saveSvg(history, svg);
            out.add(png);
            out.add(svg);
        }
        return out;
    }

    /** The quantities plotted, in panel order: loss, then the other train keys, then val-only keys. */
    public static List<String> quantities(History history) {
        List<String> q = new ArrayList<>();
        Map<String, List<Double>> h = history.history();
        if (h.containsKey("loss") || h.containsKey("val_loss")) {
            q.add("loss");
        }
        for (String k : h.keySet()) {
            String base = k.startsWith("val_") ? k.substring(4) : k;
            if (!q.contains(base)) {
                q.add(base);
            }
        }
        return q;
    }

    /** One XChart chart per quantity. */
    public static List<XYChart> charts(History history) {
        List<String> qs = quantities(history);
        if (qs.isEmpty()) {
            throw new IllegalArgumentException("The history is empty: nothing to plot.");
        }
        Map<String, List<Double>> h = history.history();
        List<XYChart> charts = new ArrayList<>();
        for (String q : qs) {
            XYChart c = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title(q))
                    .xAxisTitle("epoch").yAxisTitle(q).build();
            style(c);
            addSeries(c, q.equals("lr") ? "lr" : "train", h.get(q), history.epochs(), TRAIN);
            addSeries(c, "validation", h.get("val_" + q), history.epochs(), VALIDATION);
            if (rises(h.get(q))) {
                // Rising curves (accuracy) end in the top right corner: keep the legend out of their way.
                c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
            }
            boolean logAxis = q.equals("lr") && positive(h.get(q));
            c.getStyler().setYAxisDecimalPattern(yPattern(h.get(q), h.get("val_" + q), logAxis));
            if (logAxis) {
                c.getStyler().setYAxisLogarithmic(true); // rates are scaled by factors: a log axis shows steps evenly
            }
            charts.add(c);
        }
        return charts;
    }

    private static String title(String q) {
        return switch (q) {
            case "loss" -> "Loss";
            case "lr" -> "Learning rate";
            case "acc", "accuracy" -> "Accuracy";
            case "mae" -> "Mean absolute error";
            case "mse" -> "Mean squared error";
            default -> q.replace('_', ' ');
        };
    }

    private static void style(XYChart c) {
        org.knowm.xchart.style.XYStyler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(new Color(190, 190, 190));
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendBorderColor(new Color(200, 200, 200));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAntiAlias(true);
        c.getStyler().setXAxisDecimalPattern("0");
        c.getStyler().setMarkerSize(6);
    }

    private static void addSeries(XYChart c, String name, List<Double> ys, List<Integer> epochs, Color color) {
        if (ys == null || ys.isEmpty()) {
            return;
        }
        double[] x = new double[ys.size()];
        double[] y = new double[ys.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i < epochs.size() ? epochs.get(i) : i) + 1;
            Double v = ys.get(i);
            y[i] = v == null || v.isInfinite() ? Double.NaN : v;
        }
        XYSeries s = c.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setLineStyle(new BasicStroke(2f));
        s.setMarker(x.length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    /**
     * Tick-label pattern with enough decimals for the data's range (XChart's default drops the leading 0).
     * Scientific notation only for tiny or huge values, or a log axis spanning decades: a loss falling
     * from 1.8 to 0.01 on a linear axis reads best as 0.0 ... 1.8, as matplotlib shows it.
     */
    static String yPattern(List<Double> a, List<Double> b, boolean logAxis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Double> l : java.util.Arrays.asList(a, b)) {
            if (l != null) {
                for (Double v : l) {
                    if (v != null && Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (!Double.isFinite(lo)) {
            return "0.###";
        }
        double mag = Math.max(Math.abs(lo), Math.abs(hi));
        if (mag != 0 && (mag < 1e-3 || mag >= 1e6 || (logAxis && lo > 0 && hi / lo >= 100))) {
            return "0.##E0";
        }
        double step = (hi - lo) / 8;
        if (step <= 0) {
            step = mag == 0 ? 1 : mag / 8;
        }
        int decimals = (int) Math.max(0, Math.min(8, Math.ceil(-Math.log10(step))));
        return decimals == 0 ? "0" : "0." + "0".repeat(decimals);
    }

    /** Whether the last finite value is above the first one. */
    static boolean rises(List<Double> values) {
        if (values == null) {
            return false;
        }
        List<Double> finite = values.stream().filter(v -> v != null && Double.isFinite(v)).toList();
        return finite.size() > 1 && finite.get(finite.size() - 1) > finite.get(0);
    }

    private static boolean positive(List<Double> values) {
        return values != null && values.stream().allMatch(v -> v != null && v > 0 && Double.isFinite(v));
    }

    private static int columns(int panels) {
        return panels == 1 ? 1 : 2;
    }

    private static void paintAll(Graphics2D g, List<XYChart> charts) {
        int cols = columns(charts.size());
        for (int i = 0; i < charts.size(); i++) {
            int x = (i % cols) * PANEL_WIDTH;
            int y = (i / cols) * PANEL_HEIGHT;
            Graphics2D sub = (Graphics2D) g.create(x, y, PANEL_WIDTH, PANEL_HEIGHT);
            charts.get(i).paint(sub, PANEL_WIDTH, PANEL_HEIGHT);
            sub.dispose();
        }
    }

    private static int[] size(int panels) {
        int cols = columns(panels);
        int rows = (panels + cols - 1) / cols;
        return new int[] {cols * PANEL_WIDTH, rows * PANEL_HEIGHT};
    }

    /** Writes a PNG. */
    public static void savePng(History history, Path path) throws IOException {
        List<XYChart> charts = charts(history);
        int[] wh = size(charts.size());
        BufferedImage img = new BufferedImage(wh[0], wh[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, wh[0], wh[1]);
        paintAll(g, charts);
        g.dispose();
        writeAtomically(path, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("No PNG writer available");
            }
        });
    }

    /** Writes an SVG. */
    public static void saveSvg(History history, Path path) throws IOException {
        List<XYChart> charts = charts(history);
        int[] wh = size(charts.size());
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, wh[0], wh[1]);
        paintAll(g, charts);
        Processor p = Processors.get("svg");
        Document doc = p.getDocument(g.getCommands(), new PageSize(0, 0, wh[0], wh[1]));
        writeAtomically(path, doc::writeTo);
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path path, Writer w) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        AtomicFiles.write(path, true, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                w.write(out);
            }
        });
    }

    /** Per quantity, the series names plotted (for tests and captions). */
    public static Map<String, List<String>> layout(History history) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (XYChart c : charts(history)) {
            out.put(c.getYAxisTitle(), new ArrayList<>(c.getSeriesMap().keySet()));
        }
        return out;
    }
}
