package dev.gavel.rego.builtins;

/** One family of builtins (strings, time, ...), implemented in one class, registered into a registry. */
public interface BuiltinFamily {
  void register(BuiltinRegistry registry);
}
