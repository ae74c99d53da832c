package dev.athanor.core;

/** Options of {@code model.save}, as Keras's {@code save_model(model, filepath, overwrite, include_optimizer)}. */
public final class SaveOptions {

    private boolean overwrite = true;
    private boolean includeOptimizer = true;

    /** Whether an existing file may be replaced (default true). */
    public SaveOptions overwrite(boolean value) {
        this.overwrite = value;
        return this;
    }

    /** Whether the optimizer's state is saved (default true). */
    public SaveOptions includeOptimizer(boolean value) {
        this.includeOptimizer = value;
        return this;
    }

    /** See {@link #overwrite(boolean)}. */
    public boolean overwrite() {
        return overwrite;
    }

    /** See {@link #includeOptimizer(boolean)}. */
    public boolean includeOptimizer() {
        return includeOptimizer;
    }
}
