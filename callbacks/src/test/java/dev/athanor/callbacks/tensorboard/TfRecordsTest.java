package dev.athanor.callbacks.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TfRecordsTest {

    @Test
    void writesTheBytesTensorFlowsTfRecordWriterWrites() throws IOException {
        JsonNode g = Golden.ROOT.get("tfrecord");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonNode p : g.get("payloads_hex")) {
            TfRecords.write(out, Golden.hex(p));
        }
        assertArrayEquals(Golden.hex(g.get("file_hex")), out.toByteArray());
    }

    @Test
    void readsTensorFlowsRecordsBack() throws IOException {
        JsonNode g = Golden.ROOT.get("tfrecord");
        InputStream in = new ByteArrayInputStream(Golden.hex(g.get("file_hex")));
        long offset = 0;
        for (JsonNode p : g.get("payloads_hex")) {
            byte[] data = TfRecords.read(in, offset, "golden");
            assertArrayEquals(Golden.hex(p), data);
            offset += TfRecords.framedSize(data.length);
        }
        assertNull(TfRecords.read(in, offset, "golden"));
    }

    @Test
    void crc32cCheckValueAndMask() {
        // CRC32C("123456789") = 0xE3069283 (RFC 3720 check value); masked as TensorFlow does.
        byte[] check = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int crc = 0xE3069283;
        assertEquals(((crc >>> 15) | (crc << 17)) + 0xa282ead8, TfRecords.maskedCrc32c(check, 0, check.length));
    }

    @Test
    void truncatedAndCorruptRecordsAreNamed() throws IOException {
        byte[] file = Golden.hex(Golden.ROOT.get("tfrecord").get("file_hex"));
        byte[] truncated = Arrays.copyOf(file, file.length - 3);
        InputStream in = new ByteArrayInputStream(truncated);
        assertEquals(0, TfRecords.read(in, 0, "f").length);
        assertEquals(5, TfRecords.read(in, 16, "f").length);
        EOFException eof = assertThrows(EOFException.class, () -> TfRecords.read(in, 37, "f"));
        assertTrue(eof.getMessage().contains("truncated record at byte 37"), eof.getMessage());

        byte[] corrupt = file.clone();
        corrupt[16 + 12 + 1] ^= 1; // a data byte of "hello"
        InputStream c = new ByteArrayInputStream(corrupt);
        TfRecords.read(c, 0, "f");
        IOException e = assertThrows(IOException.class, () -> TfRecords.read(c, 16, "f"));
        assertTrue(e.getMessage().contains("data's CRC32C does not match"), e.getMessage());

        IOException notRecords = assertThrows(IOException.class,
                () -> TfRecords.read(new ByteArrayInputStream("PK\3\4 not an event file".getBytes()), 0, "x.zip"));
        assertTrue(notRecords.getMessage().contains("length's CRC32C does not match"), notRecords.getMessage());
    }
}
