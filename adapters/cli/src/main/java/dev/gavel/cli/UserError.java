package dev.gavel.cli;

/** A problem with what the user gave us (a file, a flag, a home directory): exit 2, one clear message. */
final class UserError extends Exception {
  UserError(String message) {
    super(message);
  }
}
