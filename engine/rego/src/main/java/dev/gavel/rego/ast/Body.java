package dev.gavel.rego.ast;

import dev.gavel.rego.Location;
import java.util.List;

/** A conjunction of expressions (a rule body, a query, a comprehension body). */
public record Body(List<Expr> exprs, Location location) {
  public Body {
    exprs = List.copyOf(exprs);
  }
}
