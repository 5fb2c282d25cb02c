package dev.gavel.rego;

import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.compile.Compiler;
import dev.gavel.rego.syntax.RegoParser;
import dev.gavel.rego.value.Value;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A reference to one document ({@code data.gavel.release.decision}), parsed and compiled once
 * against a {@link Rego}, evaluated as often as needed. Immutable and safe to share between
 * threads. Made by {@link Rego#prepareRef}.
 */
public final class PreparedRef {
  /** A generated name: source variables cannot start with '$', so it never clashes. */
  private static final String RESULT = "$value";

  private final Rego rego;
  private final String ref;
  private final Body query;

  PreparedRef(Rego rego, String ref) {
    this.rego = rego;
    this.ref = ref;
    Term.Ref parsed = plainRef(ref);
    Location at = parsed.location();
    // `$value = <ref>` binds the document whatever it is, false included, where the bare ref
    // as a query would fail on false.
    Term capture = new Term.Call(new Term.Ref(new Term.Var("eq", at), List.of(), at),
        List.of(new Term.Var(RESULT, at), parsed), at);
    Body body = new Body(List.of(new Expr(at, false, new Expr.TermForm(capture), List.of())), at);
    this.query = Compiler.compileQuery(body, rego.policy());
  }

  /** The reference as given. */
  public String ref() {
    return ref;
  }

  /**
   * The document's value, or empty when it is undefined.
   *
   * @param input the input document, or null for none
   * @param options clock, limits and the rest; required
   * @throws RegoException when evaluation fails (conflicts, strict builtin errors, limits)
   */
  public Optional<Value> evaluate(Value input, EvalOptions options) {
    Objects.requireNonNull(options, "options");
    List<Map<String, Value>> rows = rego.evaluation(input, options).runCapturing(query, List.of(RESULT));
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0).get(RESULT));
  }

  @Override
  public String toString() {
    return "PreparedRef[" + ref + "]";
  }

  /** The parsed reference, when it is {@code data} or {@code input} followed by constant keys only. */
  private static Term.Ref plainRef(String text) {
    Term t;
    try {
      t = RegoParser.parseTerm("ref", text);
    } catch (RegoException e) {
      throw new IllegalArgumentException("not a reference: \"" + text + "\": " + e.getMessage(), e);
    }
    Term.Ref r = t instanceof Term.Var v ? new Term.Ref(v, List.of(), v.location()) : t instanceof Term.Ref x ? x : null;
    if (r == null || !(r.head() instanceof Term.Var head) || !(head.name().equals("data") || head.name().equals("input"))) {
      throw new IllegalArgumentException("not a data or input reference: \"" + text + "\"");
    }
    for (Term p : r.path()) {
      if (!(p instanceof Term.Scalar)) {
        throw new IllegalArgumentException("not a plain reference (its path must hold only constants): \"" + text + "\"");
      }
    }
    return r;
  }
}
