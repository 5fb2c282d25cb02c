package dev.gavel.rego.compile;

import dev.gavel.rego.Location;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.value.Value;
import java.util.List;

/**
 * A rule after compilation: its full ground path from the data root ({@code ["a","b","p"]} for
 * {@code package a.b; p := 1}), the non-ground tail of its head ref ({@code [k]} for
 * {@code p[k] := v}), and its body with expressions ordered so every variable is bound before use.
 *
 * @param key the element term of a multi-value rule, else null
 * @param value the value term (null for multi-value rules)
 * @param elseRule the next rule of an else chain, or null
 * @param title the METADATA title of the rule (its rule-scoped annotation, else its document's), or null
 */
public record CompiledRule(
    RuleKind kind,
    List<Value> path,
    List<Term> dynamicTail,
    List<Term> args,
    Term key,
    Term value,
    Body body,
    boolean isDefault,
    CompiledRule elseRule,
    Module module,
    Location location,
    String title) {

  public CompiledRule {
    path = List.copyOf(path);
    dynamicTail = List.copyOf(dynamicTail);
    args = args == null ? null : List.copyOf(args);
  }

  CompiledRule withTitle(String t) {
    return new CompiledRule(kind, path, dynamicTail, args, key, value, body, isDefault, elseRule, module, location, t);
  }

  /** {@code data.a.b.p}, the name OPA uses in messages. */
  public String pathName() {
    StringBuilder sb = new StringBuilder("data");
    for (Value v : path) {
      if (v instanceof dev.gavel.rego.value.StringValue s && isIdentifier(s.value())) {
        sb.append('.').append(s.value());
      } else {
        sb.append('[').append(v).append(']');
      }
    }
    return sb.toString();
  }

  static boolean isIdentifier(String s) {
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
