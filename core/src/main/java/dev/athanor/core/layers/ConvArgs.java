package dev.athanor.core.layers;

import dev.athanor.core.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Keras's {@code conv_utils}: normalizes the tuple, padding and data-format arguments shared by the
 * convolution and pooling layers, with Keras's error texts.
 */
final class ConvArgs {

    static final String CHANNELS_LAST = "channels_last";
    static final String CHANNELS_FIRST = "channels_first";

    private ConvArgs() {
    }

    /** {@code normalize_tuple}: one value repeated {@code rank} times, or exactly {@code rank} positive values. */
    static int[] tuple(String name, int rank, int... values) {
        if (values == null || (values.length != 1 && values.length != rank)) {
            throw new IllegalArgumentException("The `" + name + "` argument must be a tuple of " + rank
                    + " integers. Received: " + name + "=" + Arrays.toString(values));
        }
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = values.length == 1 ? values[0] : values[i];
            if (out[i] <= 0) {
                throw new IllegalArgumentException("The `" + name + "` argument must be a tuple of " + rank
                        + " positive integers. Received: " + name + "=" + Arrays.toString(values));
            }
        }
        return out;
    }

    /** {@code normalize_padding}: valid or same (and causal where allowed), case-insensitive. */
    static String padding(String value, boolean causalAllowed) {
        String p = value == null ? "" : value.toLowerCase(Locale.ROOT);
        if (p.equals("valid") || p.equals("same") || (causalAllowed && p.equals("causal"))) {
            return p;
        }
        throw new IllegalArgumentException("The `padding` argument must be one of \"valid\", \"same\""
                + (causalAllowed ? ", \"causal\"" : "") + ". Received: padding=" + value);
    }

    /** {@code normalize_data_format}: null means channels_last (Keras's default image_data_format). */
    static String dataFormat(String value) {
        String f = value == null ? CHANNELS_LAST : value.toLowerCase(Locale.ROOT);
        if (f.equals(CHANNELS_LAST) || f.equals(CHANNELS_FIRST)) {
            return f;
        }
        throw new IllegalArgumentException("The `data_format` argument must be one of \"channels_first\", "
                + "\"channels_last\". Received: data_format=" + value);
    }

    /** A tuple config key: an integer or a list of integers (Keras writes lists). */
    static int[] readTuple(Config c, String key, int rank, int[] dflt) {
        Object v = c.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return tuple(key, rank, n.intValue());
        }
        int[] values = c.getInts(key);
        return tuple(key, rank, values);
    }

    /** The JSON form of a tuple (a list, as Keras writes it). */
    static List<Integer> list(int[] values) {
        List<Integer> out = new ArrayList<>();
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    /** Position of the channel axis in a rank-{@code r} input. */
    static int channelAxis(String dataFormat, int rank) {
        return CHANNELS_FIRST.equals(dataFormat) ? 1 : rank - 1;
    }

    /** Positions of the spatial axes in a rank-{@code r} input. */
    static int[] spatialAxes(String dataFormat, int rank) {
        int[] axes = new int[rank - 2];
        int first = CHANNELS_FIRST.equals(dataFormat) ? 2 : 1;
        for (int i = 0; i < axes.length; i++) {
            axes[i] = first + i;
        }
        return axes;
    }
}
