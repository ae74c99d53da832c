package dev.athanor.core.registry;

import java.util.Collection;

/** The closest known name to a misspelt one (Levenshtein distance, case-insensitive). */
final class Suggestions {

    private Suggestions() {
    }

    static String closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name.toLowerCase(), k.toLowerCase());
            if (d < bestDistance || (d == bestDistance && best != null && k.compareTo(best) < 0)) {
                best = k;
                bestDistance = d;
            }
        }
        // Suggest only plausible neighbours: at most a third of the name changed.
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
