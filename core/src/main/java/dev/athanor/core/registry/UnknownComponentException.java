package dev.athanor.core.registry;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A name that no installed component answers to. The message lists the known names, suggests the
 * closest one, and, when the name belongs to an Athanor module that is absent, names the artifact.
 */
public final class UnknownComponentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String name;

    UnknownComponentException(String kind, String name, Collection<String> known, List<String> failures) {
        super(message(kind, name, known, failures));
        this.kind = kind;
        this.name = name;
    }

    /** The component kind ("loss", ...). */
    public String kind() {
        return kind;
    }

    /** The name that was not found. */
    public String name() {
        return name;
    }

    private static String message(String kind, String name, Collection<String> known, List<String> failures) {
        StringBuilder sb = new StringBuilder("Unknown ").append(kind).append(" '").append(name).append("'.");
        String artifact = BuiltinCatalog.artifactFor(kind, name);
        if (artifact != null) {
            sb.append(" It is provided by ").append(artifact)
                    .append(", which is not on the class path: add the dependency ").append(artifact).append('.');
        } else {
            String closest = Suggestions.closest(name, known);
            if (closest != null) {
                sb.append(" Did you mean '").append(closest).append("'?");
                sb.append(" If a plugin provides it, put the plugin's jar on the class path or load it with"
                        + " Plugins.load(dir).");
            } else {
                // Not a built-in and not a near-miss: a missing plugin is by far the likeliest cause.
                sb.append(" It is not one of Athanor's own ").append(plural(kind))
                        .append(", so a plugin provides it, and no installed plugin does: put the plugin's jar on the"
                                + " class path, or in a plugins folder loaded with Plugins.load(dir).");
            }
        }
        sb.append(" Known: ").append(known.isEmpty() ? "(none installed)" : String.join(", ", new TreeSet<>(known)));
        if (!failures.isEmpty()) {
            // The missing name may be the one a broken provider would have registered.
            sb.append(". Note: ").append(failures.size()).append(' ').append(kind)
                    .append(failures.size() == 1 ? " provider" : " providers")
                    .append(" failed to load and may be the one you want: ").append(String.join("; ", failures));
        }
        return sb.toString();
    }

    private static String plural(String kind) {
        return kind.endsWith("s") ? kind + "es" : kind + "s";
    }
}
