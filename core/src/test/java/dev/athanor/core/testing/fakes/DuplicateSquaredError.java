package dev.athanor.core.testing.fakes;

/** A test-only provider that claims a name another provider already has. */
public class DuplicateSquaredError extends FakeSquaredError {
}
