package dev.gavel.rego.syntax;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.Json;
import dev.gavel.json.Yaml;
import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.ast.Annotation;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Expr;
import dev.gavel.rego.ast.Import;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Rule;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.syntax.Token.Kind;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses a module: package, imports, rules (Rego v1), and METADATA annotations. */
final class ModuleParser extends ExprParser {
  private final Map<Integer, Lexer.Comment> commentsByLine = new HashMap<>();

  ModuleParser(String file, String source, Lexer lexer) {
    super(file, source, lexer.tokens());
    for (Lexer.Comment c : lexer.comments()) {
      commentsByLine.put(c.line(), c);
    }
  }

  Module parseModule() {
    skipNewlines();
    if (!atWord("package")) {
      throw error(peek(), at(Kind.EOF) ? "empty module" : "package expected");
    }
    Token pkg = next();
    List<Annotation> moduleAnnotations = new ArrayList<>(annotationsBefore(pkg.line(), "package"));
    Term.Ref path = packageRef(pkg);
    endOfStatement();
    List<Import> imports = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    while (true) {
      skipNewlines();
      if (at(Kind.EOF)) {
        break;
      }
      if (atWord("import")) {
        Import imp = parseImport();
        imports.add(imp);
        if (isRegoV2(imp.path())) {
          regoV2 = true;
        }
        endOfStatement();
        continue;
      }
      Token start = peek();
      List<Annotation> anns = annotationsBefore(start.line(), "rule");
      rules.addAll(parseRule(anns));
      endOfStatement();
    }
    return new Module(file, path, loc(pkg), imports, rules, moduleAnnotations, source);
  }

  /** Statements are usually on their own lines, but OPA also accepts them run together. */
  private void endOfStatement() {
    if (at(Kind.SEMICOLON)) {
      next();
    }
  }

  private Term.Ref packageRef(Token pkg) {
    Term t = parseExpr(PREC_UNARY);
    List<Term> path = new ArrayList<>();
    if (t instanceof Term.Var v) {
      path.add(new Term.Scalar(StringValue.of(v.name()), v.location()));
    } else if (t instanceof Term.Ref r && r.head() instanceof Term.Var hv) {
      path.add(new Term.Scalar(StringValue.of(hv.name()), hv.location()));
      for (Term p : r.path()) {
        if (!(p instanceof Term.Scalar s) || !(s.value() instanceof StringValue)) {
          throw error(pkg, "package path must contain only strings");
        }
        path.add(p);
      }
    } else {
      throw error(pkg, "package expects a reference");
    }
    if (path.get(0) instanceof Term.Scalar s && ((StringValue) s.value()).value().equals("data")) {
      path.remove(0);
    }
    return new Term.Ref(new Term.Var("data", loc(pkg)), path, loc(pkg));
  }

  private static boolean isRegoV2(Term.Ref r) {
    return r.head() instanceof Term.Var v && v.name().equals("rego") && r.path().size() == 1
        && r.path().get(0) instanceof Term.Scalar s && s.value().equals(StringValue.of("v2"));
  }

  private Import parseImport() {
    Token imp = next();
    Term t = parseExpr(PREC_UNARY);
    Term.Ref ref;
    if (t instanceof Term.Var v) {
      ref = new Term.Ref(v, List.of(), v.location());
    } else if (t instanceof Term.Ref r && r.head() instanceof Term.Var) {
      ref = r;
    } else {
      throw error(imp, "import path must be a reference");
    }
    String root = ((Term.Var) ref.head()).name();
    if (!List.of("data", "input", "future", "rego").contains(root)) {
      throw error(imp, "invalid import " + root + ": must begin with input or data");
    }
    String alias = null;
    if (atWord("as")) {
      next();
      Token a = expect(Kind.IDENT, "import alias");
      alias = a.text();
    }
    return new Import(ref, alias, loc(imp));
  }

  /** One rule statement; {@code p if {...} else := ...} is one rule with an else chain. */
  private List<Rule> parseRule(List<Annotation> anns) {
    Token start = peek();
    boolean isDefault = false;
    if (atWord("default")) {
      next();
      isDefault = true;
    }
    Term head = parseExpr(PREC_UNARY);
    Term.Ref ref;
    List<Term> args = null;
    if (head instanceof Term.Call c) {
      ref = c.operator();
      args = c.args();
    } else if (head instanceof Term.Var v) {
      ref = new Term.Ref(v, List.of(), v.location());
    } else if (head instanceof Term.Ref r && r.head() instanceof Term.Var) {
      ref = r;
    } else {
      throw error(start, "rule head must start with a name");
    }
    String name = ((Term.Var) ref.head()).name();
    if (KEYWORDS.contains(name)) {
      throw error(start, "unexpected " + name + " keyword");
    }
    Term key = null;
    Term value = null;
    boolean assign = false;
    if (atWord("contains")) {
      if (isDefault || args != null) {
        throw error(peek(), "contains cannot be used with default rules or functions");
      }
      next();
      key = parseExpr(PREC_IN);
    } else if (at(Kind.ASSIGN) || at(Kind.UNIFY)) {
      assign = next().is(Kind.ASSIGN);
      value = parseExpr(PREC_IN);
    }
    if (isDefault) {
      if (value == null) {
        throw error(start, "default rules must have a value");
      }
      if (atWord("if") || at(Kind.LBRACE)) {
        throw error(peek(), "default rules must not have a body");
      }
      return List.of(new Rule(loc(start), ref, args, null, value, assign, true, emptyBody(start), null, anns));
    }
    Body body = emptyBody(start);
    if (atWord("if")) {
      next();
      body = ruleBody();
    } else if (at(Kind.LBRACE)) {
      throw error(peek(), "`if` keyword is required before rule body");
    } else if (value == null && key == null) {
      if (ref.path().isEmpty() || !(ref.path().get(ref.path().size() - 1) instanceof Term.Var) && args == null) {
        throw error(start, "rule must have a value, a body or contains");
      }
    }
    if (value == null && key == null) {
      value = new Term.Scalar(BooleanValue.TRUE, loc(start));
    }
    Rule elseRule = parseElse(args);
    return List.of(new Rule(loc(start), ref, args, key, value, assign, false, body, elseRule, anns));
  }

  private Body emptyBody(Token at) {
    return new Body(List.of(), loc(at));
  }

  /** {@code if { ... }} or {@code if expr} on one line. */
  private Body ruleBody() {
    if (at(Kind.LBRACE)) {
      int save = i;
      try {
        return parseBracedBody();
      } catch (RegoException notABody) {
        // `if {k: v | ...}`: a single expression that happens to start with a brace.
        i = save;
        try {
          Token t = peek();
          Expr e = parseLiteral();
          return new Body(List.of(e), loc(t));
        } catch (RegoException alsoNotATerm) {
          throw notABody;
        }
      }
    }
    Token t = peek();
    Expr e = parseLiteral();
    return new Body(List.of(e), loc(t));
  }

  private Rule parseElse(List<Term> args) {
    int save = i;
    skipNewlines();
    if (!atWord("else")) {
      i = save;
      return null;
    }
    Token e = next();
    Term value = null;
    boolean assign = false;
    if (at(Kind.ASSIGN) || at(Kind.UNIFY)) {
      assign = next().is(Kind.ASSIGN);
      value = parseExpr(PREC_IN);
    }
    Body body = emptyBody(e);
    if (atWord("if")) {
      next();
      body = ruleBody();
    } else if (at(Kind.LBRACE)) {
      throw error(peek(), "`if` keyword is required before rule body");
    }
    if (value == null) {
      value = new Term.Scalar(BooleanValue.TRUE, loc(e));
    }
    Term.Ref ref = new Term.Ref(new Term.Var("else", loc(e)), List.of(), loc(e));
    return new Rule(loc(e), ref, args, null, value, assign, false, body, parseElse(args), List.of());
  }

  /** A METADATA comment block ending on the line before {@code line}. */
  private List<Annotation> annotationsBefore(int line, String defaultScope) {
    int l = line - 1;
    List<Lexer.Comment> block = new ArrayList<>();
    while (commentsByLine.containsKey(l)) {
      block.add(0, commentsByLine.get(l));
      l--;
    }
    int start = -1;
    for (int k = 0; k < block.size(); k++) {
      if (block.get(k).text().strip().equals("METADATA")) {
        start = k;
      }
    }
    if (start < 0) {
      return List.of();
    }
    StringBuilder yaml = new StringBuilder();
    for (int k = start + 1; k < block.size(); k++) {
      String t = block.get(k).text();
      yaml.append(t.startsWith(" ") ? t.substring(1) : t).append('\n');
    }
    Lexer.Comment first = block.get(start);
    Location at = new Location(file, first.line(), first.column());
    try {
      // OPA reads the block with Go's yaml.Unmarshal: the first document.
      JsonNode node = Yaml.reader().readFirstDocument(yaml.toString());
      // An empty block is an empty document: no fields.
      Value fields = node.isNull() ? dev.gavel.rego.value.ObjectValue.EMPTY : JsonValues.fromJson(node);
      String scope = defaultScope;
      if (node.has("scope")) {
        scope = node.get("scope").asText();
      }
      return List.of(new Annotation(scope, fields, at));
    } catch (Json.ParseException e) {
      throw new RegoException(new RegoError(RegoError.PARSE, at,
          "invalid METADATA YAML: " + e.getMessage(), sourceLine(first.line())));
    }
  }
}
