package dev.athanor.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a {@code .npy} file, parsed as numpy parses it: the text is a Python dict literal
 * with exactly the keys {@code descr} (a dtype string), {@code fortran_order} ({@code True} or
 * {@code False}) and {@code shape} (a tuple of non-negative ints), and nothing else but white space
 * around it (numpy's {@code _read_array_header}, which calls {@code ast.literal_eval}).
 *
 * <p>What numpy refuses is refused here, with numpy's reason. One thing numpy accepts is refused too:
 * a key given twice (Python keeps the last one silently; an ambiguous header is more likely a damaged
 * file than an intention). Only the literal forms numpy itself writes and a hand-written header
 * reasonably uses are understood: single- or double-quoted strings without escapes, decimal ints.
 *
 * @param byteOrder {@code '<'}, {@code '>'} or {@code '|'} (native order is reported as {@code '<'})
 * @param kind the dtype kind character ({@code f}, {@code i}, {@code u}, {@code b}, ...)
 * @param itemSize bytes per element
 * @param fortranOrder whether the data is in Fortran (column-major) order
 * @param shape the array's shape, empty for a scalar
 */
record NpyHeader(char byteOrder, char kind, int itemSize, boolean fortranOrder, long[] shape) {

    /** numpy's default {@code max_header_size}: longer headers are refused unless pickles are allowed. */
    static final int MAX_HEADER_BYTES = 10_000;

    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /** Parses the header text; a problem is an {@link IllegalArgumentException} saying what and where. */
    static NpyHeader parse(String text) {
        Map<String, Object> dict = new Parser(text).dict();
        if (!dict.keySet().equals(KEYS)) {
            throw new IllegalArgumentException("the header does not contain the correct keys: " + dict.keySet()
                    + " (numpy requires exactly descr, fortran_order and shape)");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new IllegalArgumentException("fortran_order is not a valid bool: " + dict.get("fortran_order"));
        }
        if (!(dict.get("shape") instanceof long[] shape)) {
            throw new IllegalArgumentException("shape is not valid: " + Parser.show(dict.get("shape"))
                    + " (expected a tuple of ints)");
        }
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimensions are not allowed: shape=" + Parser.show(shape));
            }
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new IllegalArgumentException("descr is not a valid dtype descriptor: " + Parser.show(dict.get("descr"))
                    + " (structured dtypes are not supported)");
        }
        return fromDescr(descr, fortran, shape);
    }

    private static NpyHeader fromDescr(String descr, boolean fortran, long[] shape) {
        String d = descr;
        char order = '<';
        if (!d.isEmpty() && "<>|=".indexOf(d.charAt(0)) >= 0) {
            order = d.charAt(0) == '=' ? '<' : d.charAt(0);
            d = d.substring(1);
        }
        if (d.length() < 2 || !Character.isLetter(d.charAt(0)) || !d.substring(1).chars().allMatch(Character::isDigit)
                || d.length() > 4) {
            throw new IllegalArgumentException("descr is not a valid dtype descriptor: '" + descr + "'");
        }
        int size = Integer.parseInt(d.substring(1));
        if (order == '|' && size != 1) {
            throw new IllegalArgumentException("descr is not a valid dtype descriptor: '" + descr
                    + "' ('|' is for one-byte types)");
        }
        return new NpyHeader(order, d.charAt(0), size, fortran, shape);
    }

    /** A recursive-descent parser for the Python literal subset a {@code .npy} header uses. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> dict() {
            skipSpace();
            expect('{');
            Map<String, Object> out = new HashMap<>();
            skipSpace();
            while (peek() != '}') {
                String key = string();
                skipSpace();
                expect(':');
                Object value = value();
                if (out.put(key, value) != null) {
                    throw new IllegalArgumentException("the header gives the key '" + key + "' twice");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw error("',' or '}'");
                }
            }
            pos++;
            skipSpace();
            if (pos != s.length()) {
                throw error("the end of the header");
            }
            return out;
        }

        private Object value() {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"' || isStringPrefix()) {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[') {
                throw new IllegalArgumentException("shape is not valid: a list at offset " + pos + " (expected a tuple)");
            }
            if (s.startsWith("True", pos) || s.startsWith("False", pos)) {
                boolean v = s.startsWith("True", pos);
                pos += v ? 4 : 5;
                return v;
            }
            if (c == '-' || Character.isDigit(c)) {
                return integer();
            }
            throw error("a string, True, False, an int or a tuple");
        }

        private Object tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            skipSpace();
            boolean comma = false;
            while (peek() != ')') {
                Object v = value();
                if (!(v instanceof Long n)) {
                    throw new IllegalArgumentException("shape is not valid: element " + show(v) + " is not an int");
                }
                dims.add(n);
                skipSpace();
                comma = peek() == ',';
                if (comma) {
                    pos++;
                    skipSpace();
                } else if (peek() != ')') {
                    throw error("',' or ')'");
                }
            }
            pos++;
            if (dims.size() == 1 && !comma) {
                // "(2)" is the int 2 in Python, not a tuple: numpy refuses it as a shape.
                return dims.get(0);
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private Long integer() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            String digits = s.substring(start, pos);
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the int '" + digits + "' at offset " + start + " is not valid"
                        + " or does not fit in 64 bits");
            }
        }

        /** Python's raw and unicode prefixes ({@code r'...'}, {@code u'...'}) still make a str. */
        private boolean isStringPrefix() {
            return "rRuU".indexOf(peek()) >= 0 && pos + 1 < s.length() && (s.charAt(pos + 1) == '\'' || s.charAt(pos + 1) == '"');
        }

        private String string() {
            boolean raw = false;
            if (isStringPrefix()) {
                raw = peek() == 'r' || peek() == 'R';
                pos++;
            }
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("a quoted string");
            }
            int end = s.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("the closing quote");
            }
            String v = s.substring(pos + 1, end);
            if (!raw && v.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("escapes in header strings are not supported: " + quote + v + quote);
            }
            pos = end + 1;
            return v;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String expected) {
            String found = pos < s.length() ? "'" + s.substring(pos, Math.min(s.length(), pos + 12)) + "'" : "the end";
            return new IllegalArgumentException("cannot parse the header: expected " + expected + " at offset " + pos
                    + ", found " + found);
        }

        static String show(Object v) {
            if (v instanceof long[] a) {
                return java.util.Arrays.toString(a).replace('[', '(').replace(']', ')');
            }
            return String.valueOf(v);
        }
    }
}
