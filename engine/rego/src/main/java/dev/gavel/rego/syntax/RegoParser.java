package dev.gavel.rego.syntax;

import dev.gavel.rego.Location;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.syntax.Token.Kind;
import java.util.Objects;

/** Entry points for parsing Rego v1 source. Errors are RegoExceptions with rego_parse_error. */
public final class RegoParser {
  private RegoParser() {}

  public static Module parseModule(String file, String source) {
    Objects.requireNonNull(source, "source");
    Lexer lx = new Lexer(file, source, 0, 0).run();
    return new ModuleParser(file, source, lx).parseModule();
  }

  public static Body parseQuery(String file, String source) {
    Objects.requireNonNull(source, "source");
    Lexer lx = new Lexer(file, source, 0, 0).run();
    ExprParser p = new ExprParser(file, source, lx.tokens());
    Body b = p.parseBody(Kind.EOF, new Location(file, 1, 1));
    if (!p.at(Kind.EOF)) {
      throw p.unexpected(p.peek(), "end of query");
    }
    if (b.exprs().isEmpty()) {
      throw p.error(p.peek(), "empty query");
    }
    return b;
  }

  public static Term parseTerm(String file, String source) {
    Objects.requireNonNull(source, "source");
    Lexer lx = new Lexer(file, source, 0, 0).run();
    ExprParser p = new ExprParser(file, source, lx.tokens());
    p.skipNewlines();
    Term t = p.parseExpr(ExprParser.PREC_IN);
    p.skipNewlines();
    if (!p.at(Kind.EOF)) {
      throw p.unexpected(p.peek(), "end of term");
    }
    return t;
  }
}
