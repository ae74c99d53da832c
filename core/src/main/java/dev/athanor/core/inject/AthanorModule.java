package dev.athanor.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.athanor.core.Callback;
import dev.athanor.core.Component;
import dev.athanor.core.Constraint;
import dev.athanor.core.Initializer;
import dev.athanor.core.LearningRateSchedule;
import dev.athanor.core.Loss;
import dev.athanor.core.Metric;
import dev.athanor.core.ModelFormat;
import dev.athanor.core.Optimizer;
import dev.athanor.core.Regularizer;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.registry.Registries;
import com.google.inject.Provider;
import java.util.List;
import java.util.Collection;

/**
 * Guice wiring for applications that embed Athanor: binds {@link Registries} (every component found
 * with ServiceLoader) as a singleton. To add or replace a component, bind it into the matching set:
 *
 * <pre>{@code
 * Multibinder.newSetBinder(binder(), Loss.class).addBinding().to(MyLoss.class);
 * }</pre>
 *
 * Bound components override discovered ones of the same name (that is the point of binding them).
 * Each {@code create} gets a fresh instance from Guice, so bound classes may have injected
 * dependencies. Code that never uses Guice never needs this class.
 */
public final class AthanorModule extends AbstractModule {

    private static final List<Class<? extends Component>> KINDS = List.of(Layer.class, Loss.class, Metric.class,
            Optimizer.class, LearningRateSchedule.class, Callback.class, ModelFormat.class, Initializer.class,
            Regularizer.class, Constraint.class);

    private final ClassLoader loader;

    /** Discovers components visible from the context class loader. */
    public AthanorModule() {
        this(Thread.currentThread().getContextClassLoader());
    }

    /** Discovers components visible from {@code loader}. */
    public AthanorModule(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    protected void configure() {
        for (Class<? extends Component> kind : KINDS) {
            Multibinder.newSetBinder(binder(), kind);
        }
    }

    @Provides
    @Singleton
    Registries registries(Collection<Provider<Layer>> layers, Collection<Provider<Loss>> losses, Collection<Provider<Metric>> metrics,
                          Collection<Provider<Optimizer>> optimizers, Collection<Provider<LearningRateSchedule>> schedules,
                          Collection<Provider<Callback>> callbacks, Collection<Provider<ModelFormat>> formats,
                          Collection<Provider<Initializer>> initializers, Collection<Provider<Regularizer>> regularizers,
                          Collection<Provider<Constraint>> constraints) {
        Registries r = Registries.discover(loader);
        bind(r, Layer.class, layers);
        bind(r, Loss.class, losses);
        bind(r, Metric.class, metrics);
        bind(r, Optimizer.class, optimizers);
        bind(r, LearningRateSchedule.class, schedules);
        bind(r, Callback.class, callbacks);
        bind(r, ModelFormat.class, formats);
        bind(r, Initializer.class, initializers);
        bind(r, Regularizer.class, regularizers);
        bind(r, Constraint.class, constraints);
        return r;
    }

    private static <T extends Component> void bind(Registries r, Class<T> kind, Collection<Provider<T>> providers) {
        for (Provider<T> p : providers) {
            r.override(kind, p::get);
        }
    }
}
