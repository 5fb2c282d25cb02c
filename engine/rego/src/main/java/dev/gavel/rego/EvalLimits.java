package dev.gavel.rego;

/**
 * How much work one evaluation may do before it is stopped with {@code eval_limit_exceeded}.
 * A policy is code from whoever may change the policy source, and its input comes from whoever
 * may call the gate; neither may make the JVM run out of memory or stack, or spin forever.
 *
 * <ul>
 *   <li>{@code maxSteps}: evaluation steps (one per expression evaluated, per variable bound by
 *       unification or iteration). Bounds CPU time in a unit that does not depend on the machine,
 *       so a policy that passes on a laptop also passes on the server.</li>
 *   <li>{@code maxElements}: elements allocated over the whole evaluation: one per member of an
 *       array, set or object built by a literal, a comprehension, a rule or a builtin, and one per
 *       character of a string a builtin builds. It is a budget of allocation, not of live memory:
 *       it is cheap to count and makes the outcome independent of the garbage collector.</li>
 *   <li>{@code maxDepth}: nesting depth of evaluation (expressions waiting on the rest of their
 *       body, rules waiting on the rules they reference, terms inside terms) and of the input
 *       document. Bounds Java stack use.</li>
 * </ul>
 *
 * There is no time limit here: the engine reads no clock. Callers that need a deadline pass
 * {@link EvalOptions#cancelWhen} a check that turns true at the deadline; it is polled every few
 * hundred steps and stops evaluation with {@code eval_cancel_error}.
 */
public record EvalLimits(long maxSteps, long maxElements, int maxDepth) {
  /**
   * Default nesting depth, also the nesting the parser accepts in source and JSON input may have.
   * Evaluation is continuation-passing, so one level costs one to two KB of Java stack before the
   * JIT has compiled the evaluator; measured, chains of rules, functions or {@code with}
   * modifiers run out of a default 1 MB thread stack at 600 to 800 levels. 500 keeps the limit,
   * not the stack, the thing that stops a runaway policy (deterministically, with a location),
   * and is 20 times what the shipped policy library reaches (23).
   */
  public static final int DEFAULT_MAX_DEPTH = 500;

  /**
   * Limits for release policies. Deciding a fixture request with the shipped library takes at
   * most 250 steps and 725 elements at depth 23 (EvalLimitsTest runs it under a hundredth of the
   * step and element limits and a tenth of the depth).
   * 50,000,000 steps is about four seconds of one core at the measured 12 million steps a
   * second: long enough for any policy that is not looping, short enough that a runaway one
   * fails the request instead of a worker. 20,000,000 elements, at tens of bytes each, keeps a
   * runaway evaluation to a few hundred MB of allocation.
   */
  public static final EvalLimits DEFAULT = new EvalLimits(50_000_000L, 20_000_000L, DEFAULT_MAX_DEPTH);

  /**
   * No step, element or depth limit: for trusted suites such as the OPA conformance cases. The
   * Java stack still bounds nesting; running out of it is reported as eval_limit_exceeded rather
   * than thrown as an Error.
   */
  public static final EvalLimits UNLIMITED = new EvalLimits(Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);

  public EvalLimits {
    if (maxSteps <= 0) {
      throw new IllegalArgumentException("maxSteps must be positive but was " + maxSteps);
    }
    if (maxElements <= 0) {
      throw new IllegalArgumentException("maxElements must be positive but was " + maxElements);
    }
    if (maxDepth <= 0) {
      throw new IllegalArgumentException("maxDepth must be positive but was " + maxDepth);
    }
  }

  public EvalLimits withMaxSteps(long steps) {
    return new EvalLimits(steps, maxElements, maxDepth);
  }

  public EvalLimits withMaxElements(long elements) {
    return new EvalLimits(maxSteps, elements, maxDepth);
  }

  public EvalLimits withMaxDepth(int depth) {
    return new EvalLimits(maxSteps, maxElements, depth);
  }
}
