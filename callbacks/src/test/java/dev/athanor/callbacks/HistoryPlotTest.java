package dev.athanor.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.History;
import dev.athanor.core.Sequential;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryPlotTest {

    @TempDir
    Path dir;

    @Test
    void pngAndSvgFromARealFit() throws Exception {
        Sequential m = Fits.model();
        m.compile("sgd", "mse", List.of("mae"));
        History h = m.fit(Fits.X, Fits.Y, new dev.athanor.core.FitOptions().epochs(12).batchSize(8).verbose(0)
                .validationData(Fits.VX, Fits.VY));
        Map<String, List<String>> layout = HistoryPlot.layout(h);
        assertEquals(List.of("loss", "mae"), List.copyOf(layout.keySet()));
        assertEquals(List.of("train", "validation"), layout.get("loss"));

        Path out = Path.of(System.getProperty("athanor.plotDir", dir.toString())).resolve("curves");
        List<Path> files = HistoryPlot.save(h, out);
        assertEquals(2, files.size());
        BufferedImage img = ImageIO.read(files.get(0).toFile());
        assertNotNull(img, "PNG decodes");
        assertEquals(2 * HistoryPlot.PANEL_WIDTH, img.getWidth());
        assertEquals(HistoryPlot.PANEL_HEIGHT, img.getHeight());
        String svg = Files.readString(files.get(1));
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
        assertTrue(svg.contains("<path"));
    }

    @Test
    void singleQuantityWithoutValidation() throws Exception {
        History h = Fits.fit(Fits.model(), 3, false);
        Path png = dir.resolve("sub/one.png");
        HistoryPlot.save(h, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(HistoryPlot.PANEL_WIDTH, img.getWidth());
        assertEquals(Map.of("loss", List.of("train")), HistoryPlot.layout(h));
    }

    @Test
    void nanInfAndLrPanelsStillRender() throws Exception {
        Path json = dir.resolve("h.json");
        Files.writeString(json, "{\"history\": {\"loss\": [0.5, null, 0.2], \"val_loss\": [0.6, 0.4, 0.3],"
                + " \"lr\": [0.001, 0.0001, 0.00001]}, \"epoch\": [0, 1, 2]}");
        History h = History.load(json);
        Path png = Path.of(System.getProperty("athanor.plotDir", dir.toString())).resolve("nan.png");
        HistoryPlot.save(h, png);
        assertEquals(List.of("loss", "lr"), List.copyOf(HistoryPlot.layout(h).keySet()));
        assertNotNull(ImageIO.read(png.toFile()));
        assertEquals("0.##E0", HistoryPlot.yPattern(h.history().get("lr"), null, true));
    }

    @Test
    void aLossFallingTwoDecadesKeepsPlainDecimalsOnItsLinearAxis() {
        List<Double> loss = List.of(1.8, 0.6, 0.2, 0.05, 0.012);
        // range 1.788 over ~8 ticks: steps of about 0.22 need one decimal
        assertEquals("0.0", HistoryPlot.yPattern(loss, List.of(1.7, 0.5, 0.3, 0.1, 0.09), false));
        assertEquals("0.##E0", HistoryPlot.yPattern(loss, null, true));
        assertFalse(HistoryPlot.rises(loss), "a falling loss keeps the legend top right");
        assertTrue(HistoryPlot.rises(java.util.Arrays.asList(0.5, null, 0.9, Double.NaN)), "accuracy moves it down");
    }
}
