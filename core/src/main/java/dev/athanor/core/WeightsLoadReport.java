package dev.athanor.core;

import java.util.List;

/**
 * What {@code loadWeights} did: which layers got weights, which model layers the file lacked, which
 * file layers the model lacked, and which were skipped for a shape mismatch.
 */
public record WeightsLoadReport(List<String> loaded, List<String> missing, List<String> unexpected,
                                List<String> shapeMismatches) {

    @Override
    public String toString() {
        return "loaded=" + loaded + ", missing=" + missing + ", unexpected=" + unexpected
                + ", shapeMismatches=" + shapeMismatches;
    }
}
