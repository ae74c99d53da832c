package dev.athanor.core.graph;

import dev.athanor.core.Internal;

import dev.athanor.core.Model;
import dev.athanor.core.Sequential;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;

import dev.athanor.core.layers.Layer;
import java.util.ArrayList;
import java.util.List;

/** Keras's {@code model.summary()} table. */
@Internal
public final class Summary {

    private Summary() {
    }

    public static String of(Model model) {
        boolean functional = !(model instanceof Sequential);
        // Keras 2's print_summary: line length 65 (98 with connections), columns at .45/.85 (.33/.55/.67).
        int[] widths = functional ? new int[] {32, 21, 12, 33} : new int[] {29, 26, 10};
        String[] header = functional ? new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"}
                : new String[] {"Layer (type)", "Output Shape", "Param #"};
        int total = 0;
        for (int w : widths) {
            total += w;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        sb.append("_".repeat(total)).append('\n');
        row(sb, widths, header);
        sb.append("=".repeat(total)).append('\n');
        List<Layer> layers = model.layers(); // Sequential lists no InputLayer, as Keras
        long trainable = 0;
        long nonTrainable = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String shape = outputShape(model, l);
            List<String> cells = new ArrayList<>(List.of(l.name() + " (" + l.registryName() + ")", shape,
                    Long.toString(l.countParams())));
            if (functional) {
                cells.add(connections(model, l));
            }
            row(sb, widths, cells.toArray(String[]::new));
            sb.append(i == layers.size() - 1 ? "=".repeat(total) : "_".repeat(total)).append('\n');
            for (Variable v : l.trainableWeights()) {
                trainable += v.value().length();
            }
            for (Variable v : l.nonTrainableWeights()) {
                nonTrainable += v.value().length();
            }
        }
        sb.append(String.format("Total params: %,d%n", trainable + nonTrainable));
        sb.append(String.format("Trainable params: %,d%n", trainable));
        sb.append(String.format("Non-trainable params: %,d%n", nonTrainable));
        sb.append("_".repeat(total)).append('\n');
        return sb.toString();
    }

    private static String outputShape(Model model, Layer l) {
        List<String> shapes = new ArrayList<>();
        for (Node n : model.nodes()) {
            if (n.layer() == l) {
                for (Tensor t : n.outputs()) {
                    shapes.add(Shapes.describe(t.shape()));
                }
                break;
            }
        }
        if (shapes.isEmpty()) {
            return "multiple";
        }
        return shapes.size() == 1 ? shapes.get(0) : "[" + String.join(", ", shapes) + "]";
    }

    private static String connections(Model model, Layer l) {
        List<String> from = new ArrayList<>();
        for (Node n : model.nodes()) {
            if (n.layer() == l) {
                for (Tensor in : n.inputs()) {
                    Node p = Node.producerOf(in);
                    from.add(p.layer().name() + "[" + p.index() + "][" + Node.outputIndexOf(in) + "]");
                }
            }
        }
        return String.join(", ", from);
    }

    private static void row(StringBuilder sb, int[] widths, String[] cells) {
        StringBuilder line = new StringBuilder();
        int pos = 0;
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]);
            pos += widths[i];
            while (line.length() < pos) {
                line.append(' ');
            }
            if (line.length() > pos) {
                line.append(' ');
                pos = line.length();
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
