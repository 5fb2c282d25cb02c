package dev.gavel.rego.builtins;

import java.time.Instant;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What a builtin may see of the world: everything impure (clock, randomness, output, environment)
 * comes through here so the engine stays pure and deterministic under test.
 */
public interface BuiltinContext {
  /** The evaluation's fixed "now" (time.now_ns returns this for the whole query). */
  Instant now();

  /** Seedable randomness for rand.intn and uuid generation. */
  RandomGenerator random();

  /** Output of print(); the evaluator decides where it goes. */
  void print(String line);

  /** Per-query cache for nondeterministic builtins and expensive parses (keyed by the builtin). */
  Map<Object, Object> cache();

  /** Environment visible to opa.runtime(); empty unless the caller provided one. */
  Map<String, String> environment();

  /** True when the query runs in strict-builtin-errors mode. */
  boolean strictBuiltinErrors();

  /**
   * Counts {@code elements} against the evaluation's element limit ({@link dev.gavel.rego.EvalLimits}).
   * A builtin whose output can be much larger than its operands (numbers.range, net.cidr_expand,
   * sprintf widths, string replacement) calls this before allocating, with the number of collection
   * members or string characters it is about to build, so an oversized request fails before it
   * exhausts the heap. A builtin that charges nothing is charged the size of its result afterwards.
   *
   * @throws IllegalArgumentException when {@code elements} is negative
   * @throws dev.gavel.rego.RegoException eval_limit_exceeded when the limit would be passed
   */
  void charge(long elements);
}
