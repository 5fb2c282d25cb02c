package dev.gavel.ledger;

import java.util.Objects;

/**
 * The typed outcome of a verification: passed with what it covered, or failed with the first bad
 * index and why. Verifiers return one instead of out-parameters or a nullable string.
 */
public sealed interface Verdict<T> {
  /** Passed; {@code value} says what was covered. */
  record Passed<T>(T value) implements Verdict<T> {
    public Passed {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Failed at {@code failure.index()}. */
  record Failed<T>(ChainFailure failure) implements Verdict<T> {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }

  static <T> Verdict<T> pass(T value) {
    return new Passed<>(value);
  }

  static <T> Verdict<T> fail(ChainFailure failure) {
    return new Failed<>(failure);
  }

  static <T> Verdict<T> fail(long index, String code, String message) {
    return new Failed<>(new ChainFailure(index, code, message));
  }

  default boolean passed() {
    return this instanceof Passed<T>;
  }

  /** The value of a passed verdict; IllegalStateException when it failed. */
  default T value() {
    if (this instanceof Passed<T> p) {
      return p.value();
    }
    throw new IllegalStateException("verification failed: " + ((Failed<T>) this).failure());
  }

  /** The failure of a failed verdict; IllegalStateException when it passed. */
  default ChainFailure failure() {
    if (this instanceof Failed<T> f) {
      return f.failure();
    }
    throw new IllegalStateException("verification passed");
  }
}
