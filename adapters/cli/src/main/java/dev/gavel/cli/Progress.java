package dev.gavel.cli;

import java.io.PrintStream;

/**
 * A progress bar on stderr for long exports and verifications. Shown only on a terminal
 * ({@code System.console()} present) so pipes and logs stay clean; {@code GAVEL_PROGRESS=always}
 * or {@code never} overrides. Redraws at most every 100 ms.
 */
final class Progress implements AutoCloseable {
  private final PrintStream err;
  private final long total;
  private final String what;
  private final boolean on;
  private long done;
  private long lastDraw;
  private long drawn = -1;

  private Progress(PrintStream err, long total, String what, boolean on) {
    this.err = err;
    this.total = Math.max(total, 1);
    this.what = what;
    this.on = on;
  }

  static Progress start(Io io, long total, String what) {
    String mode = io.env().getOrDefault("GAVEL_PROGRESS", "auto");
    boolean on = mode.equals("always") || (!mode.equals("never") && System.console() != null);
    return new Progress(io.err(), total, what, on && total > 0);
  }

  void step() {
    done++;
    if (!on) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw > 100_000_000L || done == total) {
      lastDraw = now;
      draw();
    }
  }

  private void draw() {
    if (drawn == done) {
      return;
    }
    drawn = done;
    int width = 30;
    int filled = (int) Math.min(width, done * width / total);
    err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + Math.min(100, done * 100 / total) + "% "
        + done + "/" + total + " " + what);
    err.flush();
  }

  @Override
  public void close() {
    if (on) {
      draw();
      err.println();
    }
  }
}
