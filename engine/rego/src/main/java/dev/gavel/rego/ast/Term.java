package dev.gavel.rego.ast;

import dev.gavel.rego.Location;
import dev.gavel.rego.value.Value;
import java.util.List;
import java.util.Objects;

/**
 * A Rego term as written in source. Ground scalars are {@link Scalar}; everything else may contain
 * variables and is evaluated against bindings.
 */
public sealed interface Term
    permits Term.Scalar, Term.Var, Term.Ref, Term.ArrayTerm, Term.ObjectTerm, Term.SetTerm,
        Term.Call, Term.ArrayComprehension, Term.SetComprehension, Term.ObjectComprehension,
        Term.TemplateString {

  Location location();

  /** A null, boolean, number or string literal. */
  record Scalar(Value value, Location location) implements Term {
    public Scalar {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A variable. The wildcard {@code _} is parsed as a Var named {@code _}; the compiler gives each
   * occurrence a unique name. Names starting with {@code $} are generated and never clash with
   * source names.
   */
  record Var(String name, Location location) implements Term {
    public Var {
      Objects.requireNonNull(name, "name");
    }

    public boolean isWildcard() {
      return name.equals("_");
    }
  }

  /**
   * A reference {@code head.path[0][path1]...}. The head is a Var ({@code data}, {@code input}, a
   * local) or any other term ({@code [1,2][0]}, {@code f(x).y}). Dotted path elements are string
   * Scalars.
   */
  record Ref(Term head, List<Term> path, Location location) implements Term {
    public Ref {
      Objects.requireNonNull(head, "head");
      path = List.copyOf(path);
    }
  }

  record ArrayTerm(List<Term> elements, Location location) implements Term {
    public ArrayTerm {
      elements = List.copyOf(elements);
    }
  }

  record ObjectTerm(List<ObjectItem> items, Location location) implements Term {
    public ObjectTerm {
      items = List.copyOf(items);
    }
  }

  record ObjectItem(Term key, Term value) {
    public ObjectItem {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  record SetTerm(List<Term> elements, Location location) implements Term {
    public SetTerm {
      elements = List.copyOf(elements);
    }
  }

  /**
   * A call of a builtin or user function. {@code operator} is the dotted name ({@code count},
   * {@code strings.replace_n}, {@code data.lib.f}, or a local function name). Infix operators are
   * calls too: {@code +} is {@code plus}, {@code =} is {@code eq}, {@code :=} is {@code assign},
   * {@code ==} is {@code equal}, {@code x in xs} is {@code internal.member_2}.
   */
  record Call(Ref operator, List<Term> args, Location location) implements Term {
    public Call {
      Objects.requireNonNull(operator, "operator");
      args = List.copyOf(args);
    }
  }

  record ArrayComprehension(Term head, Body body, Location location) implements Term {}

  record SetComprehension(Term head, Body body, Location location) implements Term {}

  record ObjectComprehension(Term key, Term value, Body body, Location location) implements Term {}

  /**
   * A template string {@code $"text {term} text"}: literal parts are String, interpolated parts are
   * Terms. An undefined interpolated term renders as {@code <undefined>}.
   */
  record TemplateString(List<Object> parts, Location location) implements Term {
    public TemplateString {
      parts = List.copyOf(parts);
      for (Object p : parts) {
        if (!(p instanceof String) && !(p instanceof Term)) {
          throw new IllegalArgumentException("template part must be String or Term: " + p);
        }
      }
    }
  }
}
