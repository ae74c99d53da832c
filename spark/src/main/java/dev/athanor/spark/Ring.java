package dev.athanor.spark;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ring of workers: each rank holds one authenticated TCP connection to the next rank (it sends
 * there) and one from the previous rank (it receives from there), and all-reduces float buffers
 * over them (reduce-scatter, then all-gather: every rank sends and receives {@code 2 (N-1)/N} of
 * the buffer per call).
 *
 * <p>Every connection is authenticated with the job's secret (HMAC-SHA256 over a fresh nonce, the
 * ranks and the stage attempt), so a stray or stale connection is refused. Reads poll with a
 * short socket timeout so that a task Spark has killed stops promptly, and give up after the
 * configured I/O timeout; a closed peer fails at once. Either way the task fails and Spark retries
 * the stage.
 */
final class Ring implements Closeable {

    private static final int MAGIC = 0x4154484e; // "ATHN"
    private static final int POLL_MS = 200;

    private final int rank;
    private final int size;
    private final long ioTimeoutMs;
    private final BooleanSupplier killed;
    private final Socket toNext;
    private final Socket fromPrev;
    private final OutputStream out;
    private final InputStream in;
    private final ExecutorService sender;
    private byte[] sendBytes = new byte[0];
    private byte[] recvBytes = new byte[0];

    private Ring(int rank, int size, long ioTimeoutMs, BooleanSupplier killed, Socket toNext, Socket fromPrev)
            throws IOException {
        this.rank = rank;
        this.size = size;
        this.ioTimeoutMs = ioTimeoutMs;
        this.killed = killed;
        this.toNext = toNext;
        this.fromPrev = fromPrev;
        this.out = toNext == null ? null : toNext.getOutputStream();
        this.in = fromPrev == null ? null : fromPrev.getInputStream();
        this.sender = size > 1 ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "athanor-ring-send-" + rank);
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** A ring of one: all-reduce is the identity. */
    static Ring single() {
        try {
            return new Ring(0, 1, 0, () -> false, null, null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Connects this rank to its neighbours. {@code server} is this rank's bound socket (its address
     * was exchanged with the others); {@code addresses} are every rank's {@code host:port}.
     */
    static Ring connect(int rank, List<String> addresses, ServerSocket server, byte[] secret, int attempt,
            long connectTimeoutMs, long ioTimeoutMs, BooleanSupplier killed) throws IOException {
        int size = addresses.size();
        if (size == 1) {
            return single();
        }
        int next = (rank + 1) % size;
        int prev = (rank + size - 1) % size;
        long deadline = System.currentTimeMillis() + connectTimeoutMs;
        ExecutorService acceptor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "athanor-ring-accept-" + rank);
            t.setDaemon(true);
            return t;
        });
        Socket toNext = null;
        try {
            Future<Socket> accepted = acceptor.submit(() -> accept(server, rank, prev, addresses.get(prev), secret,
                    attempt, deadline, killed));
            toNext = dial(addresses.get(next), rank, next, secret, attempt, deadline, killed);
            Socket fromPrev;
            try {
                fromPrev = accepted.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for rank " + prev + " to connect.", e);
            }
            Ring ring = new Ring(rank, size, ioTimeoutMs, killed, toNext, fromPrev);
            toNext = null;
            return ring;
        } finally {
            acceptor.shutdownNow();
            if (toNext != null) {
                toNext.close();
            }
        }
    }

    private static Socket accept(ServerSocket server, int rank, int prev, String prevAddress, byte[] secret,
            int attempt, long deadline, BooleanSupplier killed) throws IOException {
        server.setSoTimeout(POLL_MS);
        while (true) {
            if (killed.getAsBoolean()) {
                throw new IOException("Task killed while rank " + rank + " waited for rank " + prev + ".");
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("Rank " + prev + " (" + prevAddress + ") never connected to rank " + rank
                        + " at port " + server.getLocalPort() + " within the connect timeout. Check that the"
                        + " executors can reach each other on the ring's ports (SparkTrainer.portRange) and raise"
                        + " SparkTrainer.connectTimeoutMs if executors start slowly.");
            }
            Socket s;
            try {
                s = server.accept();
            } catch (SocketTimeoutException e) {
                continue;
            }
            try {
                s.setSoTimeout((int) Math.max(1000, Math.min(30_000, deadline - System.currentTimeMillis())));
                s.setTcpNoDelay(true);
                DataOutputStream o = new DataOutputStream(s.getOutputStream());
                DataInputStream i = new DataInputStream(s.getInputStream());
                byte[] nonce = new byte[16];
                new SecureRandom().nextBytes(nonce);
                o.writeInt(MAGIC);
                o.write(nonce);
                o.flush();
                byte[] answer = new byte[32];
                i.readFully(answer);
                if (!MessageDigest.isEqual(answer, mac(secret, nonce, prev, rank, attempt))) {
                    s.close(); // a stray, stale or unauthenticated peer: keep waiting for the real one
                    continue;
                }
                o.writeInt(MAGIC);
                o.flush();
                s.setSoTimeout(POLL_MS);
                return s;
            } catch (IOException e) {
                s.close();
            }
        }
    }

    private static Socket dial(String address, int rank, int next, byte[] secret, int attempt, long deadline,
            BooleanSupplier killed) throws IOException {
        int colon = address.lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)));
        IOException last = null;
        while (System.currentTimeMillis() < deadline && !killed.getAsBoolean()) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(target, (int) Math.max(1, Math.min(5000, deadline - System.currentTimeMillis())));
                s.setSoTimeout((int) Math.max(1000, Math.min(30_000, deadline - System.currentTimeMillis())));
                DataInputStream i = new DataInputStream(s.getInputStream());
                DataOutputStream o = new DataOutputStream(s.getOutputStream());
                if (i.readInt() != MAGIC) {
                    throw new IOException(address + " is not an Athanor ring port.");
                }
                byte[] nonce = new byte[16];
                i.readFully(nonce);
                o.write(mac(secret, nonce, rank, next, attempt));
                o.flush();
                if (i.readInt() != MAGIC) {
                    throw new IOException("Rank " + next + " at " + address + " refused the handshake.");
                }
                s.setSoTimeout(POLL_MS);
                return s;
            } catch (IOException e) {
                last = e;
                s.close();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while connecting to rank " + next + ".", ie);
                }
            }
        }
        throw new IOException("Rank " + rank + " could not connect to rank " + next + " at " + address
                + " within the connect timeout" + (last == null ? "." : ": " + last.getMessage()), last);
    }

    private static byte[] mac(byte[] secret, byte[] nonce, int from, int to, int attempt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(nonce);
            mac.update(ByteBuffer.allocate(12).putInt(from).putInt(to).putInt(attempt).array());
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    int rank() {
        return rank;
    }

    int size() {
        return size;
    }

    /**
     * Sums {@code buf} over all ranks in place: afterwards every rank holds the same values
     * (each chunk is summed in one order on one rank, then copied to the others).
     */
    void allReduce(float[] buf) throws IOException {
        if (size == 1) {
            return;
        }
        int n = buf.length;
        int maxChunk = (n + size - 1) / size;
        if (sendBytes.length < maxChunk * 4) {
            sendBytes = new byte[maxChunk * 4];
            recvBytes = new byte[maxChunk * 4];
        }
        // reduce-scatter: after N-1 steps rank r owns the full sum of chunk (r + 1) mod N
        for (int s = 0; s < size - 1; s++) {
            int sendChunk = Math.floorMod(rank - s, size);
            int recvChunk = Math.floorMod(rank - s - 1, size);
            exchange(buf, sendChunk, recvChunk, n, true);
        }
        // all-gather: pass the finished chunks around the ring
        for (int s = 0; s < size - 1; s++) {
            int sendChunk = Math.floorMod(rank + 1 - s, size);
            int recvChunk = Math.floorMod(rank - s, size);
            exchange(buf, sendChunk, recvChunk, n, false);
        }
    }

    private void exchange(float[] buf, int sendChunk, int recvChunk, int n, boolean add) throws IOException {
        int sFrom = chunkStart(sendChunk, n);
        int sLen = chunkStart(sendChunk + 1, n) - sFrom;
        int rFrom = chunkStart(recvChunk, n);
        int rLen = chunkStart(recvChunk + 1, n) - rFrom;
        ByteBuffer.wrap(sendBytes, 0, sLen * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(buf, sFrom, sLen);
        Future<?> sent = sender.submit(() -> {
            out.write(sendBytes, 0, sLen * 4);
            out.flush();
            return null;
        });
        readFully(recvBytes, rLen * 4);
        try {
            sent.get();
        } catch (ExecutionException e) {
            throw new IOException("Sending to rank " + (rank + 1) % size + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while sending to rank " + (rank + 1) % size + ".", e);
        }
        java.nio.FloatBuffer got = ByteBuffer.wrap(recvBytes, 0, rLen * 4).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        if (add) {
            for (int i = 0; i < rLen; i++) {
                buf[rFrom + i] += got.get(i);
            }
        } else {
            got.get(buf, rFrom, rLen);
        }
    }

    private int chunkStart(int chunk, int n) {
        return (int) ((long) n * chunk / size);
    }

    private void readFully(byte[] b, int len) throws IOException {
        int prev = (rank + size - 1) % size;
        long deadline = System.currentTimeMillis() + ioTimeoutMs;
        int off = 0;
        while (off < len) {
            int r;
            try {
                r = in.read(b, off, len - off);
            } catch (SocketTimeoutException e) {
                if (killed.getAsBoolean()) {
                    throw new IOException("Task killed while rank " + rank + " waited for rank " + prev + ".");
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("Rank " + prev + " sent nothing to rank " + rank + " for " + ioTimeoutMs
                            + " ms (SparkTrainer.ioTimeoutMs): it is stuck or much slower than this rank.");
                }
                continue;
            }
            if (r < 0) {
                throw new EOFException("Rank " + prev + " closed its connection to rank " + rank
                        + " (its task failed or was killed).");
            }
            off += r;
            deadline = System.currentTimeMillis() + ioTimeoutMs;
        }
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
        closeQuietly(toNext);
        closeQuietly(fromPrev);
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing: nothing left to do
            }
        }
    }
}
