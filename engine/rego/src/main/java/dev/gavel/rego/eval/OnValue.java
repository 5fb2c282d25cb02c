package dev.gavel.rego.eval;

import dev.gavel.rego.value.Value;

/** A continuation receiving one value of a term; return true to halt. */
@FunctionalInterface
interface OnValue {
  boolean accept(Value v);
}
