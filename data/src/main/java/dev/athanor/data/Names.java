package dev.athanor.data;

import java.util.List;

/** Messages for unknown names: the known ones and the closest (edit distance). */
final class Names {

    private Names() {
    }

    static String unknown(String what, String name, List<String> known) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name.toLowerCase(), k.toLowerCase());
            if (d < best) {
                best = d;
                closest = k;
            }
        }
        String hint = closest != null && best <= Math.max(2, name.length() / 3) ? " Did you mean '" + closest + "'?" : "";
        return "Unknown " + what + " '" + name + "'. Known: " + known + "." + hint;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
