package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.athanor.core.testing.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code .npy} reader agrees with numpy 2.4 on 333 headers (hand-written cases and seeded
 * mutations of a valid one): what numpy refuses is refused with a {@link ModelFileException}, what it
 * loads loads with the same shape and values, unless the dtype is one Athanor does not read (refused,
 * naming it) or a key is given twice (numpy keeps the last silently; refused here, see {@link NpyHeader}).
 * Verdicts from {@code npy/numpy_verdicts.py}.
 */
class NpyNumpyAgreementTest {

    private static byte[] frame(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        int total = 6 + 2 + 2 + h.length + 1;
        int pad = (64 - total % 64) % 64;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int len = h.length + pad + 1;
        out.write(len & 0xff);
        out.write(len >> 8);
        out.writeBytes(h);
        out.writeBytes(" ".repeat(pad).getBytes(StandardCharsets.ISO_8859_1));
        out.write('\n');
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static boolean supported(String dtype) {
        return dtype.matches("[<>][fi][48]");
    }

    @Test
    void agreesWithNumpyCaseByCase() {
        JsonNode cases = Json.resource(getClass(), "/npy/numpy_verdicts.json").get("cases");
        int loaded = 0;
        int refused = 0;
        for (JsonNode c : cases) {
            String header = c.get("header").asText();
            byte[] blob = frame(header, HexFormat.of().parseHex(c.get("data_hex").asText()));
            boolean duplicateKey = header.split("'shape'", -1).length > 2 || header.split("'descr'", -1).length > 2
                    || header.split("'fortran_order'", -1).length > 2;
            if (c.get("ok").asBoolean() && supported(c.get("dtype").asText()) && !duplicateKey) {
                INDArray a;
                try {
                    a = Npy.read(new ByteArrayInputStream(blob), Path.of("case.npy"));
                } catch (IOException e) {
                    throw new AssertionError("numpy loads this header, Athanor refused it: " + header, e);
                }
                long[] shape = new long[c.get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = c.get("shape").get(i).asLong();
                }
                assertArrayEquals(shape, a.shape(), header);
                double[] expected = new double[c.get("values").size()];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = c.get("values").get(i).asDouble();
                }
                assertArrayEquals(expected, a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble(),
                        0.0, header);
                loaded++;
            } else {
                IOException e = assertThrows(IOException.class,
                        () -> Npy.read(new ByteArrayInputStream(blob), Path.of("case.npy")),
                        () -> "numpy says " + c + "; Athanor must refuse: " + header);
                assertTrue(e instanceof ModelFileException, e.toString());
                if (c.get("ok").asBoolean() && !duplicateKey) {
                    assertTrue(e.getMessage().contains("unsupported .npy dtype"), e.getMessage());
                }
                refused++;
            }
        }
        assertEquals(cases.size(), loaded + refused);
        assertTrue(loaded >= 15 && refused >= 250, "loaded " + loaded + ", refused " + refused);
    }

    @Test
    void messagesSayWhatIsWrong() {
        String[][] cases = {
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'shape': (3, 2)}", "the key 'shape' twice"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }", "shape is not valid"},
            {"{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3), }", "fortran_order is not a valid bool: 0"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } junk", "expected the end of the header"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", "does not contain the correct keys"},
            {"{'descr': '<f4 ', 'fortran_order': False, 'shape': (2, 3), }", "descr is not a valid dtype descriptor"},
            {"{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3), }", "unsupported .npy dtype '<c8'"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", "negative dimensions"},
        };
        for (String[] c : cases) {
            byte[] blob = frame(c[0], new byte[96]);
            try {
                Npy.read(new ByteArrayInputStream(blob), Path.of("bad.npy"));
                fail("accepted: " + c[0]);
            } catch (IOException e) {
                assertTrue(e.getMessage().contains(c[1]) && e.getMessage().startsWith("bad.npy: "),
                        "expected '" + c[1] + "' in: " + e.getMessage());
            }
        }
    }
}
