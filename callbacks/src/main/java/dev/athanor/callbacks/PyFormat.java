package dev.athanor.callbacks;

import dev.athanor.core.PythonFloat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Python {@code str.format} template with keyword fields only, as Keras's
 * {@code ModelCheckpoint} uses it: {@code filepath.format(epoch=epoch + 1, **logs)}.
 *
 * <p>The template is parsed once, at construction, so a malformed template fails where it is
 * written, and {@link #keys()} tells which keys it needs before any value exists.
 *
 * <p>Supported: literal text, {@code {{} and {@code }}} for literal braces, fields
 * {@code {name}}, {@code {name!r}} / {@code {name!s}} and {@code {name:spec}} where spec is the
 * format-spec mini-language {@code [[fill]align][sign][#][0][width][,|_][.precision][type]} with
 * align {@code < > ^ =} and types {@code d} (integers only, as in Python), {@code f F e E g G %},
 * {@code x X o b} for integers, {@code s} and none. Floats are rounded exactly as Python rounds
 * them (round-half-even on the exact binary value), {@code nan} / {@code inf} are spelled as Python
 * spells them. Not supported (rejected at parse time): positional fields ({@code {}} or
 * {@code {0}}), attribute or index access ({@code {a.b}}, {@code {a[0]}}) and nested fields in a
 * spec.
 *
 * <p>Values are {@link Integer} / {@link Long} (formatted as Python ints) or {@link Double}
 * (formatted as Python floats).
 */
public final class PyFormat {

    private final String template;
    private final List<Object> parts = new ArrayList<>(); // String literal or Field
    private final Set<String> keys = new LinkedHashSet<>();

    private record Field(String name, char conversion, Spec spec, String raw) {
    }

    private record Spec(char fill, char align, char sign, boolean alternate, boolean zero, int width,
                        char grouping, int precision, char type) {
    }

    /** Parses {@code template}; throws {@link IllegalArgumentException} with Python's message when malformed. */
    public PyFormat(String template) {
        if (template == null) {
            throw new IllegalArgumentException("The format template must not be null.");
        }
        this.template = template;
        StringBuilder lit = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c == '{') {
                if (i + 1 < n && template.charAt(i + 1) == '{') {
                    lit.append('{');
                    i += 2;
                    continue;
                }
                int close = template.indexOf('}', i + 1);
                if (close < 0) {
                    throw bad("expected '}' before end of string");
                }
                String body = template.substring(i + 1, close);
                if (body.indexOf('{') >= 0) {
                    throw bad("nested fields such as '{" + body + "}' are not supported");
                }
                if (lit.length() > 0) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                Field f = parseField(body);
                parts.add(f);
                keys.add(f.name());
                i = close + 1;
            } else if (c == '}') {
                if (i + 1 < n && template.charAt(i + 1) == '}') {
                    lit.append('}');
                    i += 2;
                    continue;
                }
                throw bad("Single '}' encountered in format string");
            } else {
                lit.append(c);
                i++;
            }
        }
        if (lit.length() > 0) {
            parts.add(lit.toString());
        }
    }

    private IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("Invalid format template '" + template + "': " + why + ".");
    }

    private Field parseField(String body) {
        String name = body;
        String specText = null;
        char conversion = 0;
        int colon = body.indexOf(':');
        if (colon >= 0) {
            name = body.substring(0, colon);
            specText = body.substring(colon + 1);
        }
        int bang = name.indexOf('!');
        if (bang >= 0) {
            String conv = name.substring(bang + 1);
            name = name.substring(0, bang);
            if (!conv.equals("r") && !conv.equals("s") && !conv.equals("a")) {
                throw bad("unknown conversion specifier '" + conv + "' in '{" + body + "}'");
            }
            conversion = conv.charAt(0);
        }
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw bad("positional field '{" + body + "}': use a key name such as {epoch} or {val_loss}");
        }
        if (name.indexOf('.') >= 0 || name.indexOf('[') >= 0) {
            throw bad("attribute or index access in '{" + body + "}' is not supported");
        }
        Spec spec = specText == null ? parseSpec("", body) : parseSpec(specText, body);
        return new Field(name, conversion, spec, body);
    }

    private Spec parseSpec(String s, String body) {
        int i = 0;
        int n = s.length();
        char fill = ' ';
        char align = 0;
        if (n >= 2 && "<>=^".indexOf(s.charAt(1)) >= 0) {
            fill = s.charAt(0);
            align = s.charAt(1);
            i = 2;
        } else if (n >= 1 && "<>=^".indexOf(s.charAt(0)) >= 0) {
            align = s.charAt(0);
            i = 1;
        }
        char sign = '-';
        if (i < n && "+- ".indexOf(s.charAt(i)) >= 0) {
            sign = s.charAt(i++);
        }
        boolean alternate = false;
        if (i < n && s.charAt(i) == '#') {
            alternate = true;
            i++;
        }
        boolean zero = false;
        if (i < n && s.charAt(i) == '0') {
            zero = true;
            i++;
        }
        int width = -1;
        int start = i;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i > start) {
            width = Integer.parseInt(s.substring(start, i));
        }
        char grouping = 0;
        if (i < n && (s.charAt(i) == ',' || s.charAt(i) == '_')) {
            grouping = s.charAt(i++);
        }
        int precision = -1;
        if (i < n && s.charAt(i) == '.') {
            i++;
            start = i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw bad("Format specifier missing precision in '{" + body + "}'");
            }
            precision = Integer.parseInt(s.substring(start, i));
        }
        char type = 0;
        if (i < n) {
            type = s.charAt(i++);
            if ("dfFeEgG%xXobs".indexOf(type) < 0) {
                throw bad("Unknown format code '" + type + "' in '{" + body + "}'");
            }
        }
        if (i < n) {
            throw bad("Invalid format specifier '" + s + "' in '{" + body + "}'");
        }
        if (zero && align == 0) {
            fill = '0';
            align = '=';
        }
        if (precision >= 0 && "dxXob".indexOf(type) >= 0 && type != 0) {
            throw bad("Precision not allowed in integer format specifier '{" + body + "}'");
        }
        return new Spec(fill, align, sign, alternate, zero, width, grouping, precision, type);
    }

    /** The template as written. */
    public String template() {
        return template;
    }

    /** The field names in order of first use. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(keys);
    }

    /**
     * The names of fields whose spec only accepts integers ({@code d x X o b}): with a float value
     * Python raises {@code ValueError: Unknown format code 'd' for object of type 'float'}.
     */
    public Set<String> integerOnlyKeys() {
        Set<String> out = new LinkedHashSet<>();
        for (Object p : parts) {
            if (p instanceof Field f && f.conversion() == 0 && "dxXob".indexOf(f.spec().type()) >= 0
                    && f.spec().type() != 0) {
                out.add(f.name());
            }
        }
        return out;
    }

    /** Formats with these values; a missing key throws {@link IllegalArgumentException} naming the keys present. */
    public String format(Map<String, ?> values) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof String s) {
                sb.append(s);
                continue;
            }
            Field f = (Field) p;
            if (!values.containsKey(f.name())) {
                throw new IllegalArgumentException("Template '" + template + "' uses key '" + f.name()
                        + "' which is not available; available keys: " + String.join(", ", values.keySet()));
            }
            sb.append(formatValue(values.get(f.name()), f));
        }
        return sb.toString();
    }

    private String formatValue(Object v, Field f) {
        Spec sp = f.spec();
        if (f.conversion() != 0) {
            String s = v instanceof Double d ? PythonFloat.repr(d) : String.valueOf(v);
            return pad(s, sp.fill(), sp.align() == 0 ? '<' : sp.align(), sp.width(), "");
        }
        char type = sp.type();
        if (v instanceof Integer || v instanceof Long) {
            long x = ((Number) v).longValue();
            if (type == 0 || "dxXob".indexOf(type) >= 0) {
                if (type == 's') {
                    throw new IllegalArgumentException("Unknown format code 's' for object of type 'int' in '{"
                            + f.raw() + "}'");
                }
                return formatInt(x, sp, f);
            }
            v = (double) x;
        }
        if (!(v instanceof Number num)) {
            String s = String.valueOf(v);
            if (type != 0 && type != 's') {
                throw new IllegalArgumentException("Unknown format code '" + type + "' for object of type 'str' in '{"
                        + f.raw() + "}'");
            }
            if (sp.precision() >= 0 && s.length() > sp.precision()) {
                s = s.substring(0, sp.precision());
            }
            return pad(s, sp.fill(), sp.align() == 0 ? '<' : sp.align(), sp.width(), "");
        }
        double d = num.doubleValue();
        if ("dxXobs".indexOf(type) >= 0 && type != 0) {
            throw new IllegalArgumentException("Unknown format code '" + type + "' for object of type 'float' in '{"
                    + f.raw() + "}' (value " + PythonFloat.repr(d) + ")");
        }
        return formatFloat(d, sp);
    }

    private static String formatInt(long x, Spec sp, Field f) {
        char type = sp.type() == 0 ? 'd' : sp.type();
        String digits = switch (type) {
            case 'x' -> Long.toHexString(Math.abs(x));
            case 'X' -> Long.toHexString(Math.abs(x)).toUpperCase(Locale.ROOT);
            case 'o' -> Long.toOctalString(Math.abs(x));
            case 'b' -> Long.toBinaryString(Math.abs(x));
            default -> Long.toString(Math.abs(x));
        };
        if (sp.grouping() != 0) {
            digits = group(digits, sp.grouping(), type == 'd' ? 3 : 4);
        }
        String prefix = "";
        if (sp.alternate() && type != 'd') {
            prefix = "0" + (type == 'X' ? 'X' : type);
        }
        String sign = x < 0 ? "-" : sp.sign() == '+' ? "+" : sp.sign() == ' ' ? " " : "";
        return pad(digits, sp.fill(), sp.align() == 0 ? '>' : sp.align(), sp.width(), sign + prefix);
    }

    private static String formatFloat(double d, Spec sp) {
        char type = sp.type();
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        double a = Math.abs(d);
        String body;
        boolean upper = type == 'F' || type == 'E' || type == 'G';
        if (Double.isNaN(d)) {
            negative = false;
            body = upper ? "NAN" : "nan";
        } else if (Double.isInfinite(d)) {
            body = upper ? "INF" : "inf";
        } else {
            int p = sp.precision();
            body = switch (type) {
                case 'f', 'F' -> fixed(a, p < 0 ? 6 : p, sp.alternate());
                case '%' -> fixed(a * 100, p < 0 ? 6 : p, sp.alternate());
                case 'e', 'E' -> sci(a, p < 0 ? 6 : p, sp.alternate(), type == 'E');
                case 'g', 'G' -> general(a, p < 0 ? 6 : p, sp.alternate(), type == 'G', false);
                default -> p < 0 ? PythonFloat.repr(a) : general(a, p, sp.alternate(), false, true);
            };
            if (sp.grouping() != 0) {
                int end = 0;
                while (end < body.length() && Character.isDigit(body.charAt(end))) {
                    end++;
                }
                body = group(body.substring(0, end), sp.grouping(), 3) + body.substring(end);
            }
        }
        if (type == '%') {
            body = body + "%";
        }
        String sign = negative ? "-" : sp.sign() == '+' ? "+" : sp.sign() == ' ' ? " " : "";
        return pad(body, sp.fill(), sp.align() == 0 ? '>' : sp.align(), sp.width(), sign);
    }

    private static String group(String digits, char sep, int every) {
        StringBuilder sb = new StringBuilder();
        int n = digits.length();
        for (int i = 0; i < n; i++) {
            if (i > 0 && (n - i) % every == 0) {
                sb.append(sep);
            }
            sb.append(digits.charAt(i));
        }
        return sb.toString();
    }

    private static String pad(String body, char fill, char align, int width, String sign) {
        int len = body.length() + sign.length();
        if (width <= len) {
            return sign + body;
        }
        String f = String.valueOf(fill).repeat(width - len);
        return switch (align) {
            case '<' -> sign + body + f;
            case '^' -> {
                int left = (width - len) / 2;
                yield f.substring(0, left) + sign + body + f.substring(left);
            }
            case '=' -> sign + f + body;
            default -> f + sign + body;
        };
    }

    /** Python's {@code '%.{p}f' % a} for a finite non-negative value. */
    private static String fixed(double a, int p, boolean alternate) {
        String s = new BigDecimal(a).setScale(p, RoundingMode.HALF_EVEN).toPlainString();
        return alternate && p == 0 ? s + "." : s;
    }

    /** Python's {@code '%.{p}e' % a} for a finite non-negative value. */
    private static String sci(double a, int p, boolean alternate, boolean upper) {
        String mant;
        int exp;
        if (a == 0) {
            mant = p == 0 ? "0" : "0." + "0".repeat(p);
            exp = 0;
        } else {
            BigDecimal r = new BigDecimal(a).round(new MathContext(p + 1, RoundingMode.HALF_EVEN));
            exp = r.precision() - r.scale() - 1;
            String digits = r.unscaledValue().toString();
            if (digits.length() < p + 1) {
                digits = digits + "0".repeat(p + 1 - digits.length());
            }
            digits = digits.substring(0, p + 1);
            mant = p == 0 ? digits : digits.charAt(0) + "." + digits.substring(1);
        }
        if (alternate && p == 0) {
            mant = mant + ".";
        }
        String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        return mant + (upper ? "E" : "e") + e;
    }

    /** Python's {@code g} (or, with {@code noType}, the empty type with a precision). */
    private static String general(double a, int p, boolean alternate, boolean upper, boolean noType) {
        if (p == 0) {
            p = 1;
        }
        int exp;
        if (a == 0) {
            exp = 0;
        } else {
            BigDecimal r = new BigDecimal(a).round(new MathContext(p, RoundingMode.HALF_EVEN));
            exp = r.precision() - r.scale() - 1;
        }
        String s;
        if (exp >= -4 && exp < p) {
            s = fixed(a, p - 1 - exp, alternate);
            if (!alternate) {
                s = stripZeros(s);
            }
            if (noType && s.indexOf('.') < 0) {
                s = s + ".0";
            }
        } else {
            s = sci(a, p - 1, alternate, upper);
            if (!alternate) {
                int e = s.indexOf(upper ? 'E' : 'e');
                s = stripZeros(s.substring(0, e)) + s.substring(e);
            }
        }
        return s;
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    @Override
    public String toString() {
        return template;
    }
}
