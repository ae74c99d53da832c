package dev.athanor.callbacks.tensorboard;

import dev.athanor.callbacks.tensorboard.proto.Event;
import dev.athanor.callbacks.tensorboard.proto.SourceMetadata;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends {@link Event}s to a new TensorBoard event file in a run folder, as TensorFlow's
 * {@code EventsWriter} does: the file is {@code events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2}
 * (created, never overwritten: a second writer in the same folder gets its own file, which
 * TensorBoard reads as the continuation of the run), and its first record is the
 * {@code file_version: "brain.Event:2"} event.
 *
 * <p>Events are buffered and reach the file on {@link #flush()} (the callback flushes at the end of
 * every epoch) and {@link #close()}. Records are only appended, so a process killed mid-write leaves
 * every flushed record intact and at most one truncated record at the end, which TensorBoard's
 * reader (and {@link EventFileReader}) stop at.
 */
public final class EventFileWriter implements Closeable {

    /** The file-version string TensorFlow 2 writes; TensorBoard checks the "brain.Event:" prefix. */
    public static final String FILE_VERSION = "brain.Event:2";
    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path path;
    private final OutputStream out;

    private EventFileWriter(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** Creates the run folder if needed and a new event file in it, and writes the version event. */
    public static EventFileWriter create(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        double now = System.currentTimeMillis() / 1000.0;
        String prefix = "events.out.tfevents." + (long) now + "." + host() + "." + ProcessHandle.current().pid() + ".";
        for (int attempt = 0; ; attempt++) {
            Path p = runDir.resolve(prefix + COUNTER.getAndIncrement() + ".v2");
            try {
                OutputStream os = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                EventFileWriter w = new EventFileWriter(p, new BufferedOutputStream(os, 1 << 16));
                w.write(Event.newBuilder().setWallTime(now).setFileVersion(FILE_VERSION)
                        .setSourceMetadata(SourceMetadata.newBuilder().setWriter("athanor")).build());
                w.flush();
                return w;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 1000) {
                    throw e;
                }
            }
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException e) {
            // The host only makes the file name unique across machines sharing a log folder.
            return "localhost";
        }
    }

    /** The event file. */
    public Path path() {
        return path;
    }

    /** Appends one event (buffered until {@link #flush()}). */
    public void write(Event event) throws IOException {
        TfRecords.write(out, event.toByteArray());
    }

    /** Hands the buffered events to the operating system. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
