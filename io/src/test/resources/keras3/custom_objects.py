"""The custom loss of the 'custom_loss' fixture, registered as Keras users register theirs.

Imported by make_fixtures.py and by io/scripts/keras3_load_athanor_files.py. Athanor's test
registers a Loss under the same registered name ("athanor_test>scaled_mse").
"""
import keras


@keras.saving.register_keras_serializable(package="athanor_test", name="scaled_mse")
def scaled_mse(y_true, y_pred):
    """0.5 * mean((y_pred - y_true)^2, axis=-1)."""
    return 0.5 * keras.ops.mean(keras.ops.square(y_pred - y_true), axis=-1)
