package dev.athanor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Checks that written files are valid. */
final class Files2 {

    private Files2() {
    }

    /** The PNG decodes and is not tiny. */
    static BufferedImage assertPng(Path p) throws IOException {
        assertTrue(Files.isRegularFile(p), p + " missing");
        BufferedImage img = ImageIO.read(p.toFile());
        assertNotNull(img, p + " does not decode as an image");
        assertTrue(img.getWidth() >= 300 && img.getHeight() >= 200, "image too small: " + img.getWidth() + "x" + img.getHeight());
        return img;
    }

    /** A CSV with a header: every row has the header's width; returns the rows (without the header). */
    static List<String[]> csv(Path p, String... expectedColumns) throws IOException {
        List<String> lines = Files.readAllLines(p);
        String[] header = lines.get(0).split(",");
        for (String c : expectedColumns) {
            assertTrue(List.of(header).contains(c), p + " has no column " + c + ": " + lines.get(0));
        }
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (l.isBlank()) {
                continue;
            }
            String[] cells = l.split(",", -1);
            assertEquals(header.length, cells.length, "row width in " + p + ": " + l);
            rows.add(cells);
        }
        return rows;
    }
}
