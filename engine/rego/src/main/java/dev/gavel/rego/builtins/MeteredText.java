package dev.gavel.rego.builtins;

import java.util.Objects;

/**
 * A string under construction whose characters are charged to the evaluation's element budget
 * ({@link BuiltinContext#charge}) as they are appended, for builtins whose output can be far
 * longer than their operands (sprintf widths, string replacement): an oversized result stops with
 * eval_limit_exceeded before it is built, not with an OutOfMemoryError after.
 */
final class MeteredText {
  /** Single characters are charged in batches of this size, to keep per-character appends cheap. */
  private static final int BATCH = 1024;

  private final BuiltinContext ctx;
  private final StringBuilder text = new StringBuilder();
  private int uncharged;

  MeteredText(BuiltinContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
  }

  MeteredText append(CharSequence s) {
    charge(s.length());
    text.append(s);
    return this;
  }

  MeteredText append(char c) {
    if (++uncharged >= BATCH) {
      flush();
    }
    text.append(c);
    return this;
  }

  MeteredText appendCodePoint(int cp) {
    if (++uncharged >= BATCH) {
      flush();
    }
    text.appendCodePoint(cp);
    return this;
  }

  /** Appends {@code c} {@code count} times, charging them all before any is appended. */
  MeteredText repeat(char c, long count) {
    if (count <= 0) {
      return this;
    }
    charge(count);
    for (long k = 0; k < count; k++) {
      text.append(c);
    }
    return this;
  }

  /** Charges characters about to be produced by other means (a number formatted to a precision). */
  void charge(long n) {
    ctx.charge(n + uncharged);
    uncharged = 0;
  }

  int length() {
    return text.length();
  }

  @Override
  public String toString() {
    flush();
    return text.toString();
  }

  private void flush() {
    if (uncharged > 0) {
      charge(0);
    }
  }
}
