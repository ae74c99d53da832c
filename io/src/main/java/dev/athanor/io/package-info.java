/**
 * Model and array files: Keras 2's HDF5 layout ({@link dev.athanor.io.H5Format}, registered for
 * {@code .h5} and {@code .hdf5}), and numpy's {@code .npy}/{@code .npz} arrays
 * ({@link dev.athanor.io.Npy}). Every read problem is a {@link dev.athanor.io.ModelFileException}.
 */
package dev.athanor.io;
