package dev.gavel.rego.syntax;

import java.util.List;

/**
 * The concrete syntax tree the formatter prints: what {@link FormatParser} read, as written
 * (literal texts, parentheses, which line each part starts and ends on), without the desugaring
 * the evaluator's parser does. Positions are offsets into the source and 1-based lines.
 */
final class FormatTree {
  private FormatTree() {}

  /** Where a node is: offsets [start, end) and the lines of its first and last character. */
  record Span(int start, int end, int line, int col, int endLine) {}

  /** A comment line: {@code text} after the '#', trailing whitespace removed. */
  record Comment(int line, int col, String text) {
    String render() {
      return "#" + text;
    }
  }

  record Module(Term.Ref pkg, Span pkgSpan, List<Import> imports, List<Rule> rules, List<Comment> comments,
      String source) {}

  record Import(Term.Ref path, String alias, Span span) {}

  /**
   * A rule. {@code body} is null without {@code if}; {@code braced} tells {@code if { ... }} from
   * {@code if expr}; {@code close} is the line of the body's closing brace. {@code elseStartsLine}:
   * the else keyword began its line.
   */
  record Rule(boolean isDefault, Head head, List<Expr> body, boolean braced, int close, Rule elseRule,
      boolean elseStartsLine, Span span) {}

  /** {@code ref(args) contains key} or {@code ref(args) op value}; op is ":=", "=" or null. */
  record Head(Term ref, List<Term> args, int argsClose, Term key, Term value, String op, Span span) {}

  sealed interface Form permits TermForm, SomeVars, SomeIn, Every, Raw {}

  record TermForm(Term term) implements Form {}

  record SomeVars(List<Term> vars) implements Form {}

  record SomeIn(Term key, Term value, Term collection) implements Form {}

  record Every(Term key, Term value, Term domain, List<Expr> body, int close) implements Form {}

  /** An expression the formatter keeps as written (the rego.v2 and/or and not-bodies). */
  record Raw() implements Form {}

  /** {@code termsEnd}: where the expression ends before its with-modifiers. */
  record Expr(boolean negated, Form form, List<With> withs, Span span, int termsEndLine) {}

  record With(Term target, Term value, Span span) {}

  /** A term; {@code parens} when it was written in parentheses. */
  sealed interface Term permits Term.Var, Term.Scalar, Term.Ref, Term.Call, Term.Array, Term.Obj, Term.SetTerm,
      Term.ArrayCompr, Term.SetCompr, Term.ObjCompr, Term.Template {
    Span span();

    boolean parens();

    Term withParens();

    record Var(String name, Span span, boolean parens) implements Term {
      public Term withParens() {
        return new Var(name, span, true);
      }
    }

    /** A number, string, raw string, boolean or null, with its source text. */
    record Scalar(String text, Span span, boolean parens) implements Term {
      public Term withParens() {
        return new Scalar(text, span, true);
      }

      boolean isString() {
        return text.startsWith("\"") || text.startsWith("`");
      }
    }

    /** {@code head.a["b"][x]}: a dotted name is a Scalar whose text is the bare name, {@code dotted}. */
    record Ref(Term head, List<Term> path, List<Boolean> dotted, Span span, boolean parens) implements Term {
      public Term withParens() {
        return new Ref(head, path, dotted, span, true);
      }
    }

    /**
     * A call: {@code op(args)} with {@code name} the operator's dotted name (null when the operator is
     * not a plain name path), or an infix operator ({@code infix} its symbol). {@code close} is the
     * line of the closing parenthesis.
     */
    record Call(String name, Term op, List<Term> args, String infix, int close, Span span, boolean parens)
        implements Term {
      public Term withParens() {
        return new Call(name, op, args, infix, close, span, true);
      }
    }

    record Array(List<Term> items, int close, Span span, boolean parens) implements Term {
      public Term withParens() {
        return new Array(items, close, span, true);
      }
    }

    record Obj(List<Term[]> items, int close, Span span, boolean parens) implements Term {
      public Term withParens() {
        return new Obj(items, close, span, true);
      }
    }

    /** A set; empty for {@code set()}. */
    record SetTerm(List<Term> items, int close, Span span, boolean parens) implements Term {
      public Term withParens() {
        return new SetTerm(items, close, span, true);
      }
    }

    record ArrayCompr(Term head, List<Expr> body, int close, Span span, boolean parens) implements Term {
      public Term withParens() {
        return new ArrayCompr(head, body, close, span, true);
      }
    }

    record SetCompr(Term head, List<Expr> body, int close, Span span, boolean parens) implements Term {
      public Term withParens() {
        return new SetCompr(head, body, close, span, true);
      }
    }

    record ObjCompr(Term key, Term value, List<Expr> body, int close, Span span, boolean parens) implements Term {
      public Term withParens() {
        return new ObjCompr(key, value, body, close, span, true);
      }
    }

    /** A template string, kept as written. */
    record Template(Span span, boolean parens) implements Term {
      public Term withParens() {
        return new Template(span, true);
      }
    }
  }
}
