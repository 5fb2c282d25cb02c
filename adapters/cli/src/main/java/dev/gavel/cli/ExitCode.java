package dev.gavel.cli;

/** Exit codes of DESIGN 3.4. */
final class ExitCode {
  static final int OK = 0;
  static final int ALLOWED = 0;
  static final int DENIED = 1;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;
  static final int INTERNAL = 3;

  private ExitCode() {}
}
