package dev.athanor.core.registry;

import java.security.CodeSource;

/** Where a class was loaded from, for messages. */
final class Sources {

    private Sources() {
    }

    static String jarOf(Class<?> cls) {
        try {
            CodeSource cs = cls.getProtectionDomain().getCodeSource();
            return cs == null || cs.getLocation() == null ? "unknown location" : cs.getLocation().toString();
        } catch (SecurityException e) {
            return "unknown location";
        }
    }
}
