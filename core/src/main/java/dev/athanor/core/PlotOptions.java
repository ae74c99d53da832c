package dev.athanor.core;

/**
 * Options of {@link Models#plot(Model, java.nio.file.Path, PlotOptions)}, Keras's
 * {@code plot_model(model, to_file, show_shapes=False, show_dtype=False, show_layer_names=False,
 * rankdir="TB", dpi=200, show_layer_activations=False, show_trainable=False, splines="ortho")}
 * with the same defaults. ({@code expand_nested} is not offered: a nested model is one node.)
 */
public final class PlotOptions {

    private boolean showShapes = false;
    private boolean showDtype = false;
    private boolean showLayerNames = false;
    private String rankdir = "TB";
    private int dpi = 200;
    private boolean showLayerActivations = false;
    private boolean showTrainable = false;
    private String splines = "ortho";

    /** Input and output shapes in each box. */
    public PlotOptions showShapes(boolean v) {
        this.showShapes = v;
        return this;
    }

    /** The output dtype in each box. */
    public PlotOptions showDtype(boolean v) {
        this.showDtype = v;
        return this;
    }

    /** "name (Class)" instead of "Class" as each box's title. */
    public PlotOptions showLayerNames(boolean v) {
        this.showLayerNames = v;
        return this;
    }

    /** Graphviz's direction: "TB" (top to bottom, default), "LR", "BT" or "RL". */
    public PlotOptions rankdir(String v) {
        if (!java.util.List.of("TB", "LR", "BT", "RL").contains(v)) {
            throw new IllegalArgumentException("`rankdir` must be one of TB, LR, BT, RL. Received: rankdir=" + v);
        }
        this.rankdir = v;
        return this;
    }

    /** Image resolution in dots per inch (default 200). */
    public PlotOptions dpi(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("`dpi` must be positive. Received: dpi=" + v);
        }
        this.dpi = v;
        return this;
    }

    /** The activation of layers that have one. */
    public PlotOptions showLayerActivations(boolean v) {
        this.showLayerActivations = v;
        return this;
    }

    /** Whether each layer with weights is trainable. */
    public PlotOptions showTrainable(boolean v) {
        this.showTrainable = v;
        return this;
    }

    /** Graphviz's edge style: "ortho" (default), "curved", "polyline", "spline", "line". */
    public PlotOptions splines(String v) {
        if (!java.util.List.of("ortho", "curved", "polyline", "spline", "line", "true", "false", "none").contains(v)) {
            throw new IllegalArgumentException("`splines` must be one of ortho, curved, polyline, spline, line."
                    + " Received: splines=" + v);
        }
        this.splines = v;
        return this;
    }

    /** See {@link #showShapes(boolean)}. */
    public boolean showShapes() {
        return showShapes;
    }

    /** See {@link #showDtype(boolean)}. */
    public boolean showDtype() {
        return showDtype;
    }

    /** See {@link #showLayerNames(boolean)}. */
    public boolean showLayerNames() {
        return showLayerNames;
    }

    /** See {@link #rankdir(String)}. */
    public String rankdir() {
        return rankdir;
    }

    /** See {@link #dpi(int)}. */
    public int dpi() {
        return dpi;
    }

    /** See {@link #showLayerActivations(boolean)}. */
    public boolean showLayerActivations() {
        return showLayerActivations;
    }

    /** See {@link #showTrainable(boolean)}. */
    public boolean showTrainable() {
        return showTrainable;
    }

    /** See {@link #splines(String)}. */
    public String splines() {
        return splines;
    }
}
