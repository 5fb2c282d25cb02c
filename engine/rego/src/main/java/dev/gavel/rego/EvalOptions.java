package dev.gavel.rego;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Everything impure an evaluation may see, supplied by the caller: the clock reading, the random
 * seed, where print() output goes, the environment for opa.runtime(), and a cancellation check;
 * and how much work the evaluation may do ({@link EvalLimits}, {@link EvalLimits#DEFAULT} unless
 * set). The cancellation check is the engine's only notion of a deadline: it reads no clock.
 */
public record EvalOptions(
    Instant now,
    long randomSeed,
    boolean strictBuiltinErrors,
    Consumer<String> printSink,
    Map<String, String> environment,
    BooleanSupplier cancelled,
    Consumer<Location> coverage,
    RuleTrace ruleTrace,
    EvalLimits limits) {

  public EvalOptions {
    Objects.requireNonNull(now, "now");
    printSink = printSink == null ? line -> { } : printSink;
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    cancelled = cancelled == null ? () -> false : cancelled;
    limits = limits == null ? EvalLimits.DEFAULT : limits;
  }

  public EvalOptions(Instant now, long randomSeed, boolean strictBuiltinErrors, Consumer<String> printSink,
      Map<String, String> environment, BooleanSupplier cancelled, Consumer<Location> coverage, RuleTrace ruleTrace) {
    this(now, randomSeed, strictBuiltinErrors, printSink, environment, cancelled, coverage, ruleTrace, null);
  }

  public EvalOptions(Instant now, long randomSeed, boolean strictBuiltinErrors, Consumer<String> printSink,
      Map<String, String> environment, BooleanSupplier cancelled) {
    this(now, randomSeed, strictBuiltinErrors, printSink, environment, cancelled, null, null, null);
  }

  /** The same options with other limits. */
  public EvalOptions limits(EvalLimits newLimits) {
    Objects.requireNonNull(newLimits, "limits");
    return new EvalOptions(now, randomSeed, strictBuiltinErrors, printSink, environment, cancelled, coverage, ruleTrace, newLimits);
  }

  /** Reports which partial rule contributed each set member or object entry. */
  public EvalOptions traceRules(RuleTrace trace) {
    return new EvalOptions(now, randomSeed, strictBuiltinErrors, printSink, environment, cancelled, coverage, trace, limits);
  }

  /** Records the location of every expression evaluated (for test coverage). */
  public EvalOptions recordCoverage(Consumer<Location> sink) {
    return new EvalOptions(now, randomSeed, strictBuiltinErrors, printSink, environment, cancelled, sink, ruleTrace, limits);
  }

  public EvalOptions environment(Map<String, String> env) {
    return new EvalOptions(now, randomSeed, strictBuiltinErrors, printSink, env, cancelled, coverage, ruleTrace, limits);
  }

  /** Options fixed at the given instant: seed 0, non-strict, print discarded. */
  public static EvalOptions at(Instant now) {
    return new EvalOptions(now, 0L, false, null, Map.of(), null);
  }

  public EvalOptions strict(boolean strict) {
    return new EvalOptions(now, randomSeed, strict, printSink, environment, cancelled, coverage, ruleTrace, limits);
  }

  public EvalOptions printTo(Consumer<String> sink) {
    return new EvalOptions(now, randomSeed, strictBuiltinErrors, sink, environment, cancelled, coverage, ruleTrace, limits);
  }

  /**
   * Polled every few hundred evaluation steps; when it answers true evaluation stops with
   * eval_cancel_error. A deadline is a check that reads the caller's clock.
   */
  public EvalOptions cancelWhen(BooleanSupplier check) {
    return new EvalOptions(now, randomSeed, strictBuiltinErrors, printSink, environment, check, coverage, ruleTrace, limits);
  }

  public EvalOptions seed(long seed) {
    return new EvalOptions(now, seed, strictBuiltinErrors, printSink, environment, cancelled, coverage, ruleTrace, limits);
  }
}
