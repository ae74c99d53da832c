/**
 * Athanor on Apache Spark: synchronous data-parallel training in one barrier stage ({@link
 * dev.athanor.spark.SparkTrainer}: the model is broadcast once as Keras {@code .h5} bytes, the tasks
 * meet once, then every step all-reduces the flat fp32 gradient over direct, authenticated TCP
 * connections between tasks), distributed inference ({@link dev.athanor.spark.SparkPredictor}) and
 * Spark ML stages ({@link dev.athanor.spark.AthanorEstimator}, {@link dev.athanor.spark.AthanorModel}).
 *
 * <p>Spark is a {@code provided} dependency: the cluster brings it.
 */
package dev.athanor.spark;
