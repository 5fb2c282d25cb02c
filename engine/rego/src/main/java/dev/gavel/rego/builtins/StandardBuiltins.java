package dev.gavel.rego.builtins;

/** The standard library: every builtin family Gavel ships, registered into a fresh registry. */
public final class StandardBuiltins {
  private StandardBuiltins() {}

  public static BuiltinRegistry registry() {
    BuiltinRegistry r = new BuiltinRegistry();
    // Families register here, one line each.
    r.register(new HttpBuiltins());
    return r;
  }
}
