package dev.gavel.rego.eval;

import dev.gavel.rego.EvalLimits;
import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What one evaluation has used of its {@link EvalLimits}: steps taken, elements allocated and the
 * current nesting depth; it also polls the caller's cancellation check. One per evaluation, used
 * by one thread. Every overrun is a RegoException ({@code eval_limit_exceeded}, or
 * {@code eval_cancel_error} for cancellation), never an Error, so callers see a policy failure
 * they can report instead of a dead worker thread.
 */
public final class EvalBudget {
  /**
   * Steps between two polls of the cancellation check. A step costs well under a microsecond, so
   * a cancelled evaluation stops within a millisecond or so, while the (possibly clock-reading)
   * check runs rarely enough not to show in profiles.
   */
  static final int POLL_INTERVAL = 512;

  private final EvalLimits limits;
  private final BooleanSupplier cancelled;
  private long steps;
  /** The step count at which {@link #step} next takes the slow path (poll or overrun). */
  private long nextCheck;
  private long elements;
  private int depth;
  private int deepest;

  /**
   * @param limits the limits to enforce
   * @param cancelled the caller's cancellation check, polled every {@value #POLL_INTERVAL} steps
   */
  public EvalBudget(EvalLimits limits, BooleanSupplier cancelled) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
    this.nextCheck = Math.min(POLL_INTERVAL, limits.maxSteps());
  }

  public EvalLimits limits() {
    return limits;
  }

  public long stepsTaken() {
    return steps;
  }

  public long elementsAllocated() {
    return elements;
  }

  /** The deepest nesting reached so far. */
  public int deepestNesting() {
    return deepest;
  }

  /** One evaluation step; the hot path is an increment and a comparison. */
  void step() {
    if (++steps >= nextCheck) {
      slowStep();
    }
  }

  private void slowStep() {
    if (steps > limits.maxSteps()) {
      throw limit(Location.NONE, "evaluation exceeded the step limit of " + limits.maxSteps());
    }
    if (cancelled.getAsBoolean()) {
      throw new RegoException(RegoError.EVAL_CANCEL, Location.NONE, "caller cancelled query execution");
    }
    // One past the limit, so the step that crosses it takes the slow path; saturating for UNLIMITED.
    long limitCheck = limits.maxSteps() == Long.MAX_VALUE ? Long.MAX_VALUE : limits.maxSteps() + 1;
    nextCheck = Math.min(steps + POLL_INTERVAL, limitCheck);
  }

  /**
   * Records that {@code n} elements are about to be allocated; call it before allocating, so a
   * request for a billion elements fails before it exhausts the heap.
   *
   * @throws IllegalArgumentException when {@code n} is negative
   * @throws RegoException eval_limit_exceeded when the total would pass the element limit
   */
  public void charge(long n, Location at) {
    charge(n, at, null);
  }

  /** Like {@link #charge(long, Location)}; an overrun's message starts with {@code what} (a builtin's name). */
  public void charge(long n, Location at, String what) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot charge a negative number of elements: " + n);
    }
    if (n > limits.maxElements() - elements) {
      throw limit(at, (what == null ? "" : what + ": ") + "allocating " + n + (n == 1 ? " element" : " elements")
          + " would exceed the element limit of " + limits.maxElements() + " (" + elements + " already allocated)");
    }
    elements += n;
  }

  /** Enters one level of nesting; pair with {@link #exit()} in a finally block. */
  void enter(Location at) {
    if (++depth > limits.maxDepth()) {
      depth--;
      throw limit(at, "evaluation exceeded the nesting depth limit of " + limits.maxDepth());
    }
    if (depth > deepest) {
      deepest = depth;
    }
  }

  void exit() {
    depth--;
  }

  static RegoException limit(Location at, String message) {
    return new RegoException(RegoError.EVAL_LIMIT, at, message);
  }
}
