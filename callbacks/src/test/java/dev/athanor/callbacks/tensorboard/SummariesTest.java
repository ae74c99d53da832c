package dev.athanor.callbacks.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummariesTest {

    @Test
    void histogramsMatchTfSummaryHistogram() {
        Iterator<Map.Entry<String, JsonNode>> it = Golden.ROOT.get("histograms").fields();
        int n = 0;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            double[] data = Golden.doubles(e.getValue().get("data"));
            JsonNode rows = e.getValue().get("rows");
            double[] got = Histograms.buckets(data, Histograms.DEFAULT_BUCKETS);
            assertEquals(rows.size() * 3, got.length, e.getKey());
            for (int i = 0; i < rows.size(); i++) {
                double[] want = Golden.doubles(rows.get(i));
                for (int j = 0; j < 3; j++) {
                    assertEquals(want[j], got[3 * i + j], 1e-12 * Math.max(1, Math.abs(want[j])),
                            e.getKey() + " row " + i + " column " + j);
                }
            }
            n++;
        }
        assertEquals(4, n);
    }

    @Test
    void scalarAndTextAreByteForByteWhatTfSummaryWrites() {
        JsonNode s = Golden.ROOT.get("summaries");
        assertArrayEquals(Golden.hex(s.get("epoch_loss").get("value_hex")),
                Summaries.scalar("epoch_loss", 0.6180339887).toByteArray());
        assertArrayEquals(Golden.hex(s.get("model_config").get("value_hex")),
                Summaries.text("model_config", "    {\"a\": 1}").toByteArray());
    }
}
