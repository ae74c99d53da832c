package dev.athanor.cli;

import dev.athanor.callbacks.tensorboard.EventFileReader;
import dev.athanor.callbacks.tensorboard.proto.Event;
import dev.athanor.callbacks.tensorboard.proto.Summary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the scalars of one tag from a TensorBoard run folder (every event file, in name order). */
final class TensorBoardLogs {

    private TensorBoardLogs() {
    }

    static List<Float> scalars(Path run, String tag) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(run)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList();
        }
        List<Float> out = new ArrayList<>();
        for (Path f : files) {
            for (Event e : EventFileReader.read(f)) {
                for (Summary.Value v : e.getSummary().getValueList()) {
                    if (v.getTag().equals(tag)) {
                        out.add(ByteBuffer.wrap(v.getTensor().getTensorContent().toByteArray())
                                .order(ByteOrder.LITTLE_ENDIAN).getFloat());
                    }
                }
            }
        }
        return out;
    }
}
