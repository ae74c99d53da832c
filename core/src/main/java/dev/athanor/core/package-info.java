/**
 * Athanor's user API and its SPI: what applications import and what plugins implement.
 *
 * <ul>
 *   <li><b>Tensors and autodiff</b>: {@link dev.athanor.core.Tensor} (values, op methods, reverse-mode
 *       gradients and the custom-op API {@link dev.athanor.core.Tensor#customOp}), {@link
 *       dev.athanor.core.Variable}, {@link dev.athanor.core.NoGrad}, {@link dev.athanor.core.Backend}
 *       (Keras's {@code K.*} vocabulary).</li>
 *   <li><b>Models</b>: {@link dev.athanor.core.Input}, {@link dev.athanor.core.Model}, {@link
 *       dev.athanor.core.Sequential}, {@link dev.athanor.core.Models} (load, save, JSON/YAML, plot),
 *       the options ({@code CompileOptions}, {@code FitOptions}, {@code SaveOptions}, {@code
 *       PlotOptions}), {@link dev.athanor.core.History}, {@link dev.athanor.core.Seeds}.</li>
 *   <li><b>SPI</b> (plugins implement these and list them in {@code META-INF/services}; their names
 *       and packages never move): {@link dev.athanor.core.Component}, {@link dev.athanor.core.Config},
 *       {@link dev.athanor.core.Loss}, {@link dev.athanor.core.Metric}, {@link
 *       dev.athanor.core.Optimizer}, {@link dev.athanor.core.LearningRateSchedule}, {@link
 *       dev.athanor.core.Callback}, {@link dev.athanor.core.Initializer}, {@link
 *       dev.athanor.core.Regularizer}, {@link dev.athanor.core.Constraint}, {@link
 *       dev.athanor.core.ModelFormat}, and {@code layers.Layer}.</li>
 * </ul>
 *
 * <p>Dependencies: this package uses {@code layers} (the Layer SPI) and otherwise calls down only
 * from its facades: {@code Tensor} and {@code Backend} into {@code ops}; {@code Model}, {@code Sequential} and {@code
 * Models} into {@code training}, {@code graph} and {@code plot}; the classes that resolve components
 * by name into {@code registry}. {@code ArchitectureTest} checks these directions. Members marked
 * {@link dev.athanor.core.Internal} are public only for core's own packages.
 */
package dev.athanor.core;
