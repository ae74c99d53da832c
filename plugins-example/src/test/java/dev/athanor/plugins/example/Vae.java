package dev.athanor.plugins.example;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Dense;
import java.util.List;

/**
 * Keras's classic variational_autoencoder example, sized for the 8x8 digits: 64 -> 32 -> (2, 2)
 * -> z -> 32 -> 64, with the loss added by {@link CustomVariationalLayer}.
 */
final class Vae {

    static final int ORIGINAL_DIM = 64;
    static final int INTERMEDIATE_DIM = 32;
    static final int LATENT_DIM = 2;

    private Vae() {
    }

    static Model build() {
        Tensor x = Input.of(ORIGINAL_DIM);
        Tensor h = new Dense(INTERMEDIATE_DIM).activation("relu").name("encoder_h").apply(x);
        Tensor zMean = new Dense(LATENT_DIM).name("z_mean").apply(h);
        Tensor zLogVar = new Dense(LATENT_DIM).name("z_log_var").apply(h);
        Tensor z = new Sampling().name("z").apply(zMean, zLogVar);
        Tensor hDecoded = new Dense(INTERMEDIATE_DIM).activation("relu").name("decoder_h").apply(z);
        Tensor xDecodedMean = new Dense(ORIGINAL_DIM).activation("sigmoid").name("decoder_mean").apply(hDecoded);
        Tensor y = new CustomVariationalLayer().name("vae_loss").apply(x, xDecodedMean, zMean, zLogVar);
        return new Model(List.of(x), List.of(y), "vae");
    }
}
