package dev.athanor.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type or member that is {@code public} only so that core's own packages can reach it
 * across a package boundary (for example {@code Model} calling into {@code core.training}, or
 * {@code Tensor}'s op methods calling the kernels in {@code core.ops}).
 *
 * <p>It is not part of Athanor's API: it may change or disappear in any release, and no module
 * other than {@code athanor-core} may use it (a test in the downstream modules checks this). Plugins
 * use the top-level package, the SPI interfaces and the documented custom-op API on {@link Tensor}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Internal {
}
