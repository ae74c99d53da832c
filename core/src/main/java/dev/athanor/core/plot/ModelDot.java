package dev.athanor.core.plot;

import dev.athanor.core.Model;
import dev.athanor.core.graph.Node;
import dev.athanor.core.PlotOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Layer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras 3's {@code model_to_dot}: one box per layer (an HTML-like table: "name (Class)" or "Class",
 * then optional rows for the activation and for shapes, dtype and trainability), and an edge from each
 * layer to every layer that consumes its output inside this model, each edge once. A Sequential model
 * draws its layers in a chain without the InputLayer; a functional model draws its InputLayers and
 * follows each layer's calls, so a layer shared by several inputs is one box with several incoming
 * edges. A layer called more than once shows the shapes of its first call, as Keras does. Boxes are
 * named n0, n1, ... in the order Keras 3 lists a model's operations (Keras uses Python object ids).
 */
public final class ModelDot {

    private ModelDot() {
    }

    /** The DOT text for {@code model}. */
    public static String of(Model model, PlotOptions o) {
        List<Layer> layers = model instanceof Sequential ? model.layers() : byDepth(model);
        Map<Layer, String> ids = new IdentityHashMap<>();
        StringBuilder sb = new StringBuilder("digraph G {\n");
        sb.append("rankdir=").append(o.rankdir()).append(";\n");
        sb.append("concentrate=true;\n");
        sb.append("dpi=").append(o.dpi()).append(";\n");
        sb.append("splines=").append(o.splines()).append(";\n");
        sb.append("node [shape=record];\n");
        Map<Layer, Node> firstCall = new IdentityHashMap<>();
        for (Node n : model.nodes()) {
            firstCall.putIfAbsent(n.layer(), n);
        }
        for (Layer l : layers) {
            String id = "n" + ids.size();
            ids.put(l, id);
            sb.append(id).append(" [label=").append(label(l, firstCall.get(l), o))
                    .append(", fontname=Helvetica, border=0, margin=0];\n");
        }
        Set<String> edges = new LinkedHashSet<>();
        if (model instanceof Sequential) {
            for (int i = 0; i + 1 < layers.size(); i++) {
                edges.add(ids.get(layers.get(i)) + " -> " + ids.get(layers.get(i + 1)));
            }
        } else {
            for (Layer l : layers) {
                for (Node n : model.nodes()) {
                    if (n.layer() != l) {
                        continue;
                    }
                    for (Tensor in : n.inputs()) {
                        String from = ids.get(Node.producerOf(in).layer());
                        if (from != null) {
                            edges.add(from + " -> " + ids.get(l));
                        }
                    }
                }
            }
        }
        for (String e : edges) {
            sb.append(e).append(" [penwidth=2];\n");
        }
        return sb.append("}\n").toString();
    }

    /**
     * The layers as Keras 3 orders a functional model's operations: by decreasing depth, a node's depth
     * being its longest distance to an output (so every input layer comes first), ties in model order.
     */
    private static List<Layer> byDepth(Model model) {
        List<Node> nodes = model.nodes();
        Map<Node, Integer> depth = new IdentityHashMap<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            int d = depth.getOrDefault(n, 0);
            depth.put(n, d);
            for (Tensor in : n.inputs()) {
                Node p = Node.producerOf(in);
                depth.put(p, Math.max(depth.getOrDefault(p, 0), d + 1));
            }
        }
        Map<Layer, Integer> layerDepth = new IdentityHashMap<>();
        for (Node n : nodes) {
            layerDepth.merge(n.layer(), depth.get(n), Math::max);
        }
        List<Layer> order = new ArrayList<>(model.layers());
        order.sort((a, b) -> Integer.compare(layerDepth.getOrDefault(b, 0), layerDepth.getOrDefault(a, 0)));
        return order;
    }

    private static String label(Layer l, Node call, PlotOptions o) {
        String cls = l.registryName();
        int colspanMax = (o.showDtype() ? 1 : 0) + (o.showTrainable() ? 1 : 0) + (o.showShapes() ? 2 : 0);
        int colspan = Math.max(1, colspanMax);
        StringBuilder t = new StringBuilder("<<table border=\"0\" cellborder=\"1\" bgcolor=\"black\" cellpadding=\"10\">");
        t.append("<tr><td colspan=\"").append(colspan).append("\" bgcolor=\"black\"><font point-size=\"16\" color=\"white\">");
        if (o.showLayerNames()) {
            t.append("<b>").append(html(l.name())).append("</b> (").append(html(cls)).append(')');
        } else {
            t.append("<b>").append(html(cls)).append("</b>");
        }
        t.append("</font></td></tr>");
        Object activation = l.config().get("activation");
        if (o.showLayerActivations() && activation != null) {
            t.append("<tr><td bgcolor=\"white\" colspan=\"").append(colspan).append("\"><font point-size=\"14\">")
                    .append("Activation: <b>").append(html(String.valueOf(activation))).append("</b></font></td></tr>");
        }
        List<String> cols = new ArrayList<>();
        if (o.showShapes()) {
            if (!cls.equals("InputLayer")) {
                cols.add(cell("Input shape: <b>" + (call == null ? "?" : shapes(call.inputs())) + "</b>"));
            }
            cols.add(cell("Output shape: <b>" + (call == null ? "?" : shapes(call.outputs())) + "</b>"));
        }
        if (o.showDtype()) {
            Object dtype = l.config().get("dtype");
            cols.add(cell("Output dtype: <b>" + (dtype instanceof String s ? html(s) : "?") + "</b>"));
        }
        if (o.showTrainable() && !l.variables().isEmpty()) {
            cols.add(l.trainable()
                    ? "<td bgcolor=\"forestgreen\"><font point-size=\"14\" color=\"white\"><b>Trainable</b></font></td>"
                    : "<td bgcolor=\"firebrick\"><font point-size=\"14\" color=\"white\"><b>Non-trainable</b></font></td>");
        }
        if (!cols.isEmpty()) {
            t.append("<tr>").append(String.join("", cols)).append("</tr>");
        }
        return t.append("</table>>").toString();
    }

    private static String cell(String content) {
        return "<td bgcolor=\"white\"><font point-size=\"14\">" + content + "</font></td>";
    }

    /** Python's repr of the shape tuple, or a list of them for several tensors. */
    private static String shapes(List<Tensor> ts) {
        List<String> s = new ArrayList<>();
        for (Tensor t : ts) {
            s.add(tuple(t.shape()));
        }
        return s.size() == 1 ? s.get(0) : "[" + String.join(", ", s) + "]";
    }

    private static String tuple(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i] < 0 ? "None" : Long.toString(shape[i]));
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /** Escapes text for Graphviz's HTML-like labels (Keras does not; names with '&' or '<' would break it). */
    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
