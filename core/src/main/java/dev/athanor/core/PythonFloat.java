package dev.athanor.core;

import java.math.BigDecimal;

/** Python's {@code repr(float)} for doubles: the shortest round-tripping digits, 'nan', 'inf'. */
public final class PythonFloat {

    private PythonFloat() {
    }

    /** E.g. {@code 0.1}, {@code 1e-05}, {@code 1.0}, {@code 1e+16}, {@code -0.0}. */
    public static String repr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        // Double.toString gives the shortest round-tripping digits, as Python 3's repr does.
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String sign = b.signum() < 0 ? "-" : "";
        b = b.abs();
        String digits = b.unscaledValue().toString();
        int exp = b.precision() - b.scale() - 1;
        if (exp >= -4 && exp < 16) {
            String plain = b.toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
