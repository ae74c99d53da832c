package dev.athanor.cli;

import dev.athanor.io.H5Format;
import picocli.CommandLine.IVersionProvider;

/** {@code athanor --version}. */
final class Versions implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"athanor " + H5Format.ATHANOR_VERSION + " (writes Keras " + H5Format.KERAS_VERSION
                + " .h5 files; Java " + System.getProperty("java.version") + ")"};
    }
}
