/**
 * The {@code athanor} command line (picocli): {@code demo}, {@code train} from a config file,
 * {@code evaluate}, {@code predict}, {@code inspect}, {@code plot} and {@code compare-optimizers}.
 * A config is data, not a program: plugins load only from folders the user names, outputs stay
 * under {@code --out}.
 *
 * <p>Depends on the public API of every other module; not a library.
 */
package dev.athanor.cli;
