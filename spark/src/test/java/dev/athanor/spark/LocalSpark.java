package dev.athanor.spark;

import org.apache.spark.sql.SparkSession;

/** The small local Spark sessions the tests share (one per test class). */
final class LocalSpark {

    private LocalSpark() {
    }

    /** {@code local[2,4]}: two task slots, and up to four task failures so that retries can be tested. */
    static SparkSession start(String app) {
        return SparkSession.builder().master("local[2,4]").appName(app)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .getOrCreate();
    }
}
