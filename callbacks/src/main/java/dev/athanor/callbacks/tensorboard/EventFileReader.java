package dev.athanor.callbacks.tensorboard;

import dev.athanor.callbacks.tensorboard.proto.Event;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a TensorBoard event file back, record by record, checking every CRC: what Athanor's tests
 * (and a user who wants the numbers without Python) use. Parsing an event only decodes protocol
 * buffer fields; nothing in the file is executed or names a class.
 */
public final class EventFileReader {

    private EventFileReader() {
    }

    /**
     * Every event in the file.
     *
     * @throws java.io.EOFException when the file ends inside a record (see
     *     {@link #readIntact(Path, List)} to keep the events before it)
     * @throws IOException on a checksum mismatch or a record that is not an {@code Event}
     */
    public static List<Event> read(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        IOException problem = readIntact(file, events);
        if (problem != null) {
            throw problem;
        }
        return events;
    }

    /**
     * Adds the intact events to {@code into}, stopping at the first damaged or truncated record.
     *
     * @return null when the whole file was read, otherwise what stopped the read
     */
    public static IOException readIntact(Path file, List<Event> into) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            long offset = 0;
            while (true) {
                byte[] data;
                try {
                    data = TfRecords.read(in, offset, file.toString());
                } catch (IOException e) {
                    return e;
                }
                if (data == null) {
                    return null;
                }
                try {
                    into.add(Event.parseFrom(data));
                } catch (InvalidProtocolBufferException e) {
                    return new IOException(file + ": record at byte " + offset + " is not a TensorBoard Event: "
                            + e.getMessage(), e);
                }
                offset += TfRecords.framedSize(data.length);
            }
        }
    }
}
