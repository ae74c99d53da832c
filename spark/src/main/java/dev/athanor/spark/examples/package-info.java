/** A runnable Spark job: train on the digits with {@code spark-submit}, then score them in a Pipeline. */
package dev.athanor.spark.examples;
