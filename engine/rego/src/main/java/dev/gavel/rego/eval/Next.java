package dev.gavel.rego.eval;

/** A continuation: run the rest of the evaluation; return true to halt the whole search. */
@FunctionalInterface
interface Next {
  boolean go();
}
