package dev.athanor.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are what CPython 3 prints for the same template and values. */
class PyFormatTest {

    private static String f(String t, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new PyFormat(t).format(m);
    }

    @Test
    void kerasTemplates() {
        assertEquals("Train_record/03.0.88.V0.h5",
                f("Train_record/{epoch:02d}.{val_acc:.2f}.V0.h5", "epoch", 3, "val_acc", 0.8765));
        assertEquals("weights.150-0.12.hdf5",
                f("weights.{epoch:02d}-{val_loss:.2f}.hdf5", "epoch", 150, "val_loss", 0.1234));
        assertEquals("m-1.235e-03.h5", f("m-{loss:.3e}.h5", "loss", 0.0012346));
        assertEquals("m-1.234e-03.h5", f("m-{loss:.3e}.h5", "loss", 0.0012345)); // binary 0.00123449...
        assertEquals("{epoch}-7}", f("{{epoch}}-{epoch}}}", "epoch", 7));
        assertEquals("acc 87.50%", f("acc {a:.2%}", "a", 0.875));
        assertEquals("ep5", f("ep{epoch}", "epoch", 5));
    }

    @Test
    void floatTypes() {
        assertEquals("0.12", f("{x:.2f}", "x", 0.125));     // half-even on the exact binary value
        assertEquals("0.38", f("{x:.2f}", "x", 0.375));
        assertEquals("2.67", f("{x:.2f}", "x", 2.675));     // 2.67499999... in binary
        assertEquals("0.100000", f("{x:f}", "x", 0.1));
        assertEquals("1.000000e+00", f("{x:e}", "x", 1.0));
        assertEquals("0.000e+00", f("{x:.3e}", "x", 0.0));
        assertEquals("1.5E+10", f("{x:.1E}", "x", 1.5e10));
        assertEquals("1.2e+100", f("{x:.1e}", "x", 1.23e100));
        assertEquals("0.0001", f("{x:g}", "x", 1e-4));
        assertEquals("1e-05", f("{x:g}", "x", 1e-5));
        assertEquals("123457", f("{x:g}", "x", 123456.7));
        assertEquals("1.23457e+06", f("{x:g}", "x", 1234567.0));
        assertEquals("0.5", f("{x:.3g}", "x", 0.5));
        assertEquals("1e+02", f("{x:.2}", "x", 100.0));
        assertEquals("1.0", f("{x:.2}", "x", 1.0));
        assertEquals("0.1", f("{x}", "x", 0.1));
        assertEquals("1e-05", f("{x}", "x", 1e-5));
        assertEquals("nan", f("{x:.2f}", "x", Double.NaN));
        assertEquals("inf", f("{x:.2f}", "x", Double.POSITIVE_INFINITY));
        assertEquals("-0.50", f("{x:.2f}", "x", -0.5));
        assertEquals("+0.50", f("{x:+.2f}", "x", 0.5));
        assertEquals("1,234.50", f("{x:,.2f}", "x", 1234.5));
        assertEquals("2.000000", f("{x:f}", "x", 2));       // an int with a float type
        assertEquals("5e+00", f("{x:.0e}", "x", 5.0));
        assertEquals("3.", f("{x:#.0f}", "x", 3.0));
        assertEquals("2", f("{x:.0f}", "x", 2.5));
        assertEquals("0.000123", f("{x:.3g}", "x", 0.0001234));
        assertEquals("0", f("{x:g}", "x", 0.0));
        assertEquals("0.000000e+00", f("{x:e}", "x", 0.0));
        assertEquals("+nan", f("{x:+g}", "x", Double.NaN));
        assertEquals("INF", f("{x:F}", "x", Double.POSITIVE_INFINITY));
    }

    @Test
    void widthFillAlign() {
        assertEquals("007", f("{e:03d}", "e", 7));
        assertEquals("-07", f("{e:03d}", "e", -7));
        assertEquals("  7", f("{e:3d}", "e", 7));
        assertEquals("7  ", f("{e:<3}", "e", 7));
        assertEquals("*7*", f("{e:*^3}", "e", 7));
        assertEquals("0000.50", f("{x:07.2f}", "x", 0.5));
        assertEquals("-000.50", f("{x:07.2f}", "x", -0.5));
        assertEquals("__0.5", f("{x:_>5}", "x", 0.5));
        assertEquals("ff 0xff 11111111 377", f("{a:x} {a:#x} {a:b} {a:o}", "a", 255));
        assertEquals("0.1", f("{x!r}", "x", 0.1));
    }

    @Test
    void malformedTemplatesFailAtConstruction() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PyFormat("a{epoch"))
                .getMessage().contains("expected '}' before end of string"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PyFormat("a}b"))
                .getMessage().contains("Single '}'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PyFormat("{}"))
                .getMessage().contains("positional"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PyFormat("{0}"))
                .getMessage().contains("positional"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PyFormat("{a.b}"))
                .getMessage().contains("attribute"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PyFormat("{a:.2q}"))
                .getMessage().contains("Unknown format code 'q'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PyFormat("{a:.f}"))
                .getMessage().contains("missing precision"));
    }

    @Test
    void keysAndIntegerOnlyFields() {
        PyFormat p = new PyFormat("r/{epoch:02d}-{val_loss:.2f}-{loss}-{epoch}.h5");
        assertEquals(List.of("epoch", "val_loss", "loss"), List.copyOf(p.keys()));
        assertEquals(List.of("epoch"), List.copyOf(p.integerOnlyKeys()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f("{x:d}", "x", 0.5))
                .getMessage().contains("Unknown format code 'd' for object of type 'float'"));
    }

    @Test
    void reprMatchesPython() {
        assertEquals("0.1", dev.athanor.core.PythonFloat.repr(0.1));
        assertEquals("1.0", dev.athanor.core.PythonFloat.repr(1.0));
        assertEquals("1e-05", dev.athanor.core.PythonFloat.repr(1e-5));
        assertEquals("0.0001", dev.athanor.core.PythonFloat.repr(1e-4));
        assertEquals("1e+16", dev.athanor.core.PythonFloat.repr(1e16));
        assertEquals("123456789012345.0", dev.athanor.core.PythonFloat.repr(123456789012345.0));
        assertEquals("-2.5", dev.athanor.core.PythonFloat.repr(-2.5));
        assertEquals("nan", dev.athanor.core.PythonFloat.repr(Double.NaN));
    }
}
