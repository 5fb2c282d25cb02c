package dev.gavel.rego.syntax;

import dev.gavel.rego.Location;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.syntax.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template string token ({@code $"a {x} b"} or {@code $`a {x} b`}) into literal text and
 * interpolated terms; each interpolated part is lexed and parsed at its own position in the file.
 */
final class TemplateParts {
  private final ExprParser outer;
  private final Token token;
  private final String body;
  private final boolean raw;

  TemplateParts(ExprParser outer, Token token) {
    this.outer = outer;
    this.token = token;
    this.body = token.text();
    this.raw = token.kind() == Kind.RAW_TEMPLATE;
  }

  Term.TemplateString parse() {
    List<Object> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int j = 0;
    while (j < body.length()) {
      char c = body.charAt(j);
      if (!raw && c == '\\') {
        j = escape(j, lit);
        continue;
      }
      if (raw && c == '\\' && j + 1 < body.length() && (body.charAt(j + 1) == '{' || body.charAt(j + 1) == '}')) {
        lit.append(body.charAt(j + 1));
        j += 2;
        continue;
      }
      if (c == '{') {
        if (lit.length() > 0) {
          parts.add(lit.toString());
          lit.setLength(0);
        }
        int start = j + 1;
        Lexer probe = new Lexer(outer.file, body, 0, 0);
        int end = probe.skipExpr(start);
        parts.add(parseInner(start, body.substring(start, end)));
        j = end + 1;
        continue;
      }
      lit.append(c);
      j++;
    }
    if (lit.length() > 0) {
      parts.add(lit.toString());
    }
    return new Term.TemplateString(parts, outer.loc(token));
  }

  private int escape(int j, StringBuilder lit) {
    if (j + 1 >= body.length()) {
      throw outer.error(token, "invalid escape at end of template string");
    }
    char e = body.charAt(j + 1);
    switch (e) {
      case '"', '\\', '/', '{', '}' -> lit.append(e);
      case 'b' -> lit.append('\b');
      case 'f' -> lit.append('\f');
      case 'n' -> lit.append('\n');
      case 'r' -> lit.append('\r');
      case 't' -> lit.append('\t');
      case 'u' -> {
        if (j + 6 > body.length()) {
          throw outer.error(token, "invalid escape sequence in template string");
        }
        try {
          lit.append((char) Integer.parseInt(body.substring(j + 2, j + 6), 16));
        } catch (NumberFormatException x) {
          throw outer.error(token, "invalid escape sequence in template string");
        }
        return j + 6;
      }
      default -> throw outer.error(token, "invalid escape sequence \\" + e + " in template string");
    }
    return j + 2;
  }

  private Term parseInner(int start, String text) {
    int line = token.line();
    int col = token.column() + 2;
    for (int k = 0; k < start; k++) {
      if (body.charAt(k) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    Lexer lx = new Lexer(outer.file, text, line - 1, col - 1).run();
    ExprParser p = new ExprParser(outer.file, text, lx.tokens());
    // A template inside a template inside ... nests like any other term.
    p.depth = outer.depth + 1;
    if (p.depth > ExprParser.MAX_NESTING) {
      throw outer.error(token, "nesting deeper than the limit of " + ExprParser.MAX_NESTING + " levels");
    }
    p.skipNewlines();
    if (p.at(Kind.EOF)) {
      throw outer.error(token, "empty template expression");
    }
    Term t = p.parseExpr(ExprParser.PREC_ASSIGN);
    if (p.atWord("with")) {
      t = withModifiers(p, t);
    }
    p.skipNewlines();
    if (!p.at(Kind.EOF)) {
      throw p.unexpected(p.peek(), "} to close the template expression");
    }
    return t;
  }

  /**
   * {@code {a with input as x}}: the value of {@code a} under the modifiers. {@code with} belongs
   * to expressions, so the part becomes {@code [v | v = a with input as x][0]}.
   */
  private static Term withModifiers(ExprParser p, Term value) {
    Location at = value.location();
    Term.Var v = new Term.Var("__template_with_" + at.line() + "_" + at.column(), at);
    Expr bind = new Expr(at, false, new Expr.TermForm(new Term.Call(new Term.Ref(new Term.Var("eq", at), List.of(), at),
        List.of(v, value), at)), p.parseWithModifiers());
    Term compr = new Term.ArrayComprehension(v, new Body(List.of(bind), at), at);
    return new Term.Ref(compr, List.of(new Term.Scalar(dev.gavel.rego.value.NumberValue.of(0L), at)), at);
  }
}
