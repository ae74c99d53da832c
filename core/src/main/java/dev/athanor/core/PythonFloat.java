package dev.athanor.core;

/** Python's {@code repr(float)} for doubles: shortest round-trip digits, 'nan', 'inf'. */
final class PythonFloat {

    private PythonFloat() {
    }

    static String repr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String s = Double.toString(v); // shortest round-trip digits, like Python 3
        if (s.contains("E")) {
            String[] parts = s.split("E");
            int exp = Integer.parseInt(parts[1]);
            String mant = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
            if (exp >= -4 && exp < 16) {
                String plain = new java.math.BigDecimal(s).stripTrailingZeros().toPlainString();
                return plain.contains(".") ? plain : plain + ".0";
            }
            return mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        return s;
    }
}
