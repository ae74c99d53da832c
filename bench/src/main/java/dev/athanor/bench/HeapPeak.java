package dev.athanor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Peak Java heap while an action runs: the heap pools' peak usage after resetting them. */
final class HeapPeak {

    private HeapPeak() {
    }

    /** Runs the action and returns the peak heap in use meanwhile, in MB (sum of the pools' peaks: an upper bound). */
    static double duringMb(Runnable action) {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        action.run();
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak / 1e6;
    }
}
