package dev.gavel.rego.ast;

import dev.gavel.rego.Location;
import java.util.List;

/**
 * A rule. The head's {@code ref} is the rule's name path relative to its package
 * ({@code p}, {@code a.b[x]}). Kinds:
 * <ul>
 *   <li>complete / single-value: {@code p := v if ...}, {@code p if ...} (value true), and ref heads
 *       with variables such as {@code p[k] := v} (a partial object);
 *   <li>multi-value: {@code p contains x if ...} ({@code key} holds x, {@code value} is null);
 *   <li>function: {@code f(x) := y if ...} ({@code args} non-null).
 * </ul>
 * {@code body} is empty for a rule without a body. {@code elseRule} chains {@code else}.
 */
public record Rule(
    Location location,
    Term.Ref ref,
    List<Term> args,
    Term key,
    Term value,
    boolean assign,
    boolean isDefault,
    Body body,
    Rule elseRule,
    List<Annotation> annotations) {

  public Rule {
    args = args == null ? null : List.copyOf(args);
    annotations = annotations == null ? List.of() : List.copyOf(annotations);
  }

  public boolean isFunction() {
    return args != null;
  }

  public boolean isMultiValue() {
    return key != null && value == null;
  }
}
