package dev.athanor.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The ring on its own, with ranks as threads: sums, authentication, timeouts, dead peers. */
class RingTest {

    private static List<ServerSocket> servers(int n) throws IOException {
        List<ServerSocket> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ServerSocket ss = new ServerSocket();
            ss.bind(new InetSocketAddress("127.0.0.1", 0));
            s.add(ss);
        }
        return s;
    }

    private static List<String> addresses(List<ServerSocket> servers) {
        List<String> a = new ArrayList<>();
        for (ServerSocket s : servers) {
            a.add("127.0.0.1:" + s.getLocalPort());
        }
        return a;
    }

    @Test
    void allReduceSumsOverThreeRanksAndEveryRankAgrees() throws Exception {
        int n = 3;
        int len = 1001; // not a multiple of 3: uneven chunks
        List<ServerSocket> servers = servers(n);
        List<String> addrs = addresses(servers);
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<float[]>> results = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            int rank = r;
            results.add(pool.submit(() -> {
                try (Ring ring = Ring.connect(rank, addrs, servers.get(rank), secret, 0, 10_000, 10_000, () -> false)) {
                    float[] buf = new float[len];
                    for (int i = 0; i < len; i++) {
                        buf[i] = i * (rank + 1) + 0.25f * rank;
                    }
                    ring.allReduce(buf);
                    ring.allReduce(new float[] {rank}); // a buffer shorter than the ring
                    return buf;
                }
            }));
        }
        float[] expected = new float[len];
        for (int i = 0; i < len; i++) {
            expected[i] = i * 6 + 0.75f; // (1 + 2 + 3) i + 0.25 (0 + 1 + 2): exact in float here
        }
        for (Future<float[]> f : results) {
            assertArrayEquals(expected, f.get());
        }
        pool.shutdown();
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    @Test
    void aPeerWithTheWrongSecretIsRefusedAndTheConnectTimesOut() throws Exception {
        List<ServerSocket> servers = servers(2);
        List<String> addrs = addresses(servers);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Ring> good = pool.submit(() -> Ring.connect(0, addrs, servers.get(0), "right-secret-right-secret-right!!".getBytes(),
                0, 1500, 1000, () -> false));
        Future<Ring> bad = pool.submit(() -> Ring.connect(1, addrs, servers.get(1), "wrong-secret-wrong-secret-wrong!!".getBytes(),
                0, 1500, 1000, () -> false));
        Exception e = assertThrows(Exception.class, good::get);
        assertTrue(e.getCause() instanceof IOException, e.toString());
        assertThrows(Exception.class, bad::get);
        pool.shutdown();
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    @Test
    void aPeerThatNeverConnectsFailsWithAClearMessage() throws Exception {
        List<ServerSocket> servers = servers(2);
        List<String> addrs = addresses(servers); // rank 1 binds but never runs
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> Ring.connect(0, addrs, servers.get(0), new byte[32], 0,
                1000, 1000, () -> false));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 10, "gave up after " + seconds + " s");
        assertTrue(e.getMessage().contains("rank 1"), e.getMessage());
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    @Test
    void aPeerThatDiesMidStepFailsTheOtherAtOnce() throws Exception {
        List<ServerSocket> servers = servers(2);
        List<String> addrs = addresses(servers);
        byte[] secret = new byte[32];
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Ring> r1 = pool.submit(() -> Ring.connect(1, addrs, servers.get(1), secret, 0, 10_000, 60_000, () -> false));
        Ring r0 = Ring.connect(0, addrs, servers.get(0), secret, 0, 10_000, 60_000, () -> false);
        r1.get().close(); // rank 1's task fails
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> r0.allReduce(new float[100_000]));
        assertTrue((System.nanoTime() - t0) / 1e9 < 10);
        assertTrue(e.getMessage().contains("rank 1") || e.getMessage().contains("Rank 1"), e.getMessage());
        r0.close();
        pool.shutdown();
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    @Test
    void aKilledTaskStopsWaiting() throws Exception {
        List<ServerSocket> servers = servers(2);
        List<String> addrs = addresses(servers);
        byte[] secret = new byte[32];
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Ring> r1 = pool.submit(() -> Ring.connect(1, addrs, servers.get(1), secret, 0, 10_000, 60_000, () -> false));
        boolean[] killed = {false};
        Ring r0 = Ring.connect(0, addrs, servers.get(0), secret, 0, 10_000, 60_000, () -> killed[0]);
        Ring one = r1.get(); // connected but silent: rank 0 would wait up to the 60 s I/O timeout
        new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            killed[0] = true;
        }).start();
        IOException e = assertThrows(IOException.class, () -> r0.allReduce(new float[10]));
        assertTrue(e.getMessage().contains("killed"), e.getMessage());
        r0.close();
        one.close();
        pool.shutdown();
        for (ServerSocket s : servers) {
            s.close();
        }
        assertEquals(2, addrs.size());
    }
}
