package dev.athanor.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes an image file with the JDK's ImageIO (PNG, JPEG, BMP, GIF) into {@code [height, width, channels]}
 * values in {@code [0, 255]}, then resizes as TensorFlow's {@code tf.image.resize} (half-pixel centers, no
 * antialiasing), which Keras's {@code image_dataset_from_directory} uses.
 */
final class ImageDecoder {

    private ImageDecoder() {
    }

    /** Pixels of {@code file} in {@code channels} (1, 3 or 4), row-major {@code [h][w][c]}. */
    static float[] decode(Path file, int channels, int[] size) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("no ImageIO reader can decode this file (PNG, JPEG, BMP and GIF are read)");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        size[0] = h;
        size[1] = w;
        float[] out = new float[h * w * channels];
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        // gray images are read from the raster: getRGB would convert linear gray to sRGB and change the values
        boolean gray = cm.getNumColorComponents() == 1 && raster.getNumBands() <= 2
                && !(cm instanceof java.awt.image.IndexColorModel);
        int bits = cm.getComponentSize(0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * channels;
                float r;
                float g;
                float b;
                float a;
                if (gray) {
                    float v = raster.getSample(x, y, 0);
                    if (bits > 8) {
                        v = (float) Math.floor(v / 257.0);
                    }
                    r = v;
                    g = v;
                    b = v;
                    a = raster.getNumBands() == 2 ? raster.getSample(x, y, 1) : 255f;
                } else {
                    int argb = img.getRGB(x, y);
                    a = (argb >>> 24) & 0xff;
                    r = (argb >>> 16) & 0xff;
                    g = (argb >>> 8) & 0xff;
                    b = argb & 0xff;
                }
                if (channels == 1) {
                    out[o] = gray ? r : Math.round(0.2989f * r + 0.5870f * g + 0.1140f * b);
                } else {
                    out[o] = r;
                    out[o + 1] = g;
                    out[o + 2] = b;
                    if (channels == 4) {
                        out[o + 3] = cm.hasAlpha() ? a : 255f;
                    }
                }
            }
        }
        return out;
    }

    /** TensorFlow's {@code resize_bilinear} with {@code half_pixel_centers=True}, in float32 as TF computes. */
    static float[] resizeBilinear(float[] in, int h, int w, int c, int oh, int ow) {
        float[] out = new float[oh * ow * c];
        float sy = (float) h / oh;
        float sx = (float) w / ow;
        for (int y = 0; y < oh; y++) {
            float iy = (y + 0.5f) * sy - 0.5f;
            int y0 = Math.max((int) Math.floor(iy), 0);
            int y1 = Math.min((int) Math.ceil(iy), h - 1);
            float ly = iy - (float) Math.floor(iy);
            for (int x = 0; x < ow; x++) {
                float ix = (x + 0.5f) * sx - 0.5f;
                int x0 = Math.max((int) Math.floor(ix), 0);
                int x1 = Math.min((int) Math.ceil(ix), w - 1);
                float lx = ix - (float) Math.floor(ix);
                for (int k = 0; k < c; k++) {
                    float tl = in[(y0 * w + x0) * c + k];
                    float tr = in[(y0 * w + x1) * c + k];
                    float bl = in[(y1 * w + x0) * c + k];
                    float br = in[(y1 * w + x1) * c + k];
                    float top = tl + (tr - tl) * lx;
                    float bottom = bl + (br - bl) * lx;
                    out[(y * ow + x) * c + k] = top + (bottom - top) * ly;
                }
            }
        }
        return out;
    }

    /** TensorFlow's {@code resize_nearest_neighbor} with {@code half_pixel_centers=True}. */
    static float[] resizeNearest(float[] in, int h, int w, int c, int oh, int ow) {
        float[] out = new float[oh * ow * c];
        float sy = (float) h / oh;
        float sx = (float) w / ow;
        for (int y = 0; y < oh; y++) {
            int iy = Math.min((int) Math.floor((y + 0.5f) * sy), h - 1);
            for (int x = 0; x < ow; x++) {
                int ix = Math.min((int) Math.floor((x + 0.5f) * sx), w - 1);
                System.arraycopy(in, (iy * w + ix) * c, out, (y * ow + x) * c, c);
            }
        }
        return out;
    }
}
