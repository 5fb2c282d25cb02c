package dev.gavel.rego.ast;

import dev.gavel.rego.Location;
import java.util.List;
import java.util.Objects;

/**
 * One expression of a body: a form (a term, a {@code some} declaration, {@code some ... in},
 * {@code every}), optionally negated with {@code not}, optionally with {@code with} modifiers.
 */
public record Expr(Location location, boolean negated, Form form, List<With> withs) {
  public Expr {
    Objects.requireNonNull(form, "form");
    withs = List.copyOf(withs);
  }

  /** What an expression says. */
  public sealed interface Form permits TermForm, SomeVars, SomeIn, Every {}

  /** A term used as an expression: true unless it is false or undefined. Calls (incl. =, :=) live here. */
  public record TermForm(Term term) implements Form {}

  /** {@code some x, y}: declares local variables. */
  public record SomeVars(List<Term.Var> vars) implements Form {
    public SomeVars {
      vars = List.copyOf(vars);
    }
  }

  /** {@code some v in xs} or {@code some k, v in xs}; {@code key} is null in the one-variable form. */
  public record SomeIn(Term key, Term value, Term collection) implements Form {}

  /** {@code every v in xs { body }} or {@code every k, v in xs { body }}; {@code key} may be null. */
  public record Every(Term key, Term value, Term domain, Body body) implements Form {}

  /** {@code with target as value}; the target is a ref to input, data or a function. */
  public record With(Term.Ref target, Term value, Location location) {}
}
