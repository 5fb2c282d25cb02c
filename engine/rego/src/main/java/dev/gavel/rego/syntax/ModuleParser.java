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
  private final List<Lexer.Comment> comments;

  ModuleParser(String file, String source, Lexer lexer) {
    super(file, source, lexer.tokens());
    this.comments = lexer.comments();
  }

  Module parseModule() {
    skipNewlines();
    if (!atWord("package")) {
      throw error(peek(), at(Kind.EOF) ? "empty module" : "package expected");
    }
    Token pkg = next();
    Term.Ref path = packageRef(pkg);
    endOfStatement();
    List<Import> imports = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    while (true) {
      skipNewlines();
      if (at(Kind.EOF)) {
        break;
      }
      if (atWord("import") && !keywordStartsRef()) {
        Import imp = parseImport();
        imports.add(imp);
        enableKeywords(imp.path());
        endOfStatement();
        continue;
      }
      rules.addAll(parseRule(List.of()));
      endOfStatement();
    }
    List<Annotation> packageAnnotations = new ArrayList<>();
    List<Rule> annotated = attach(Metadata.blocks(file, comments, this::sourceLine), pkg.line(), imports, rules,
        packageAnnotations);
    return new Module(file, path, loc(pkg), imports, annotated, packageAnnotations, source);
  }

  /**
   * Gives each METADATA block to the statement below it (the first package, import or rule that
   * starts on a later line), defaults its scope from that statement, and checks the scope fits:
   * {@code package} and {@code subpackages} on the package, {@code rule} and {@code document} on a
   * rule; {@code entrypoint} only with document or package scope.
   */
  private List<Rule> attach(List<Metadata.Block> blocks, int packageLine, List<Import> imports, List<Rule> rules,
      List<Annotation> packageAnnotations) {
    if (blocks.isEmpty()) {
      return rules;
    }
    List<List<Annotation>> byRule = new ArrayList<>();
    for (int k = 0; k < rules.size(); k++) {
      byRule.add(new ArrayList<>());
    }
    for (Metadata.Block b : blocks) {
      int row = b.location().line();
      int target = -2;
      int best = Integer.MAX_VALUE;
      if (packageLine > row) {
        target = -1;
        best = packageLine;
      }
      boolean isImport = false;
      for (Import imp : imports) {
        if (imp.location().line() > row && imp.location().line() < best) {
          best = imp.location().line();
          isImport = true;
          target = -3;
        }
      }
      for (int k = 0; k < rules.size(); k++) {
        int line = rules.get(k).location().line();
        if (line > row && line < best) {
          best = line;
          target = k;
          isImport = false;
        }
      }
      String scope = b.scope();
      if (scope.isEmpty()) {
        scope = target >= 0 ? (b.entrypoint() ? "document" : "rule") : target == -1 ? "package" : isImport ? "import" : "";
      }
      String node = target >= 0 ? "rule" : target == -1 ? "package" : isImport ? "import" : null;
      switch (scope) {
        case "rule", "document" -> requireNode(b, scope, node, "rule");
        case "package", "subpackages" -> requireNode(b, scope, node, "package");
        default -> throw new RegoException(new RegoError(RegoError.PARSE, b.location(), "invalid annotation scope '" + scope
            + "'. Use one of 'rule', 'document', 'package', or 'subpackages'", sourceLine(b.location().line())));
      }
      if (b.entrypoint() && !scope.equals("document") && !scope.equals("package")) {
        throw new RegoException(new RegoError(RegoError.PARSE, b.location(),
            "annotation entrypoint applied to non-document or package scope '" + scope + "'", sourceLine(b.location().line())));
      }
      dev.gavel.rego.value.ObjectValue.Builder f = dev.gavel.rego.value.ObjectValue.builder();
      f.put("scope", StringValue.of(scope));
      for (Value k : b.fields().keys()) {
        if (!k.equals(StringValue.of("scope"))) {
          f.put(k, b.fields().get(k));
        }
      }
      Annotation a = new Annotation(scope, f.build(), b.location());
      if (target >= 0) {
        byRule.get(target).add(a);
      } else {
        packageAnnotations.add(a);
      }
    }
    List<Rule> out = new ArrayList<>();
    for (int k = 0; k < rules.size(); k++) {
      Rule r = rules.get(k);
      out.add(byRule.get(k).isEmpty() ? r : new Rule(r.location(), r.ref(), r.args(), r.key(), r.value(), r.assign(),
          r.isDefault(), r.body(), r.elseRule(), byRule.get(k)));
    }
    return out;
  }

  private void requireNode(Metadata.Block b, String scope, String node, String want) {
    if (!want.equals(node)) {
      throw new RegoException(new RegoError(RegoError.PARSE, b.location(), "annotation scope '" + scope
          + "' must be applied to " + want + (node == null ? "" : " (have " + node + ")"), sourceLine(b.location().line())));
    }
  }

  /** Statements are usually on their own lines, but OPA also accepts them run together. */
  private void endOfStatement() {
    if (at(Kind.SEMICOLON)) {
      next();
    }
  }

  private Term.Ref packageRef(Token pkg) {
    keywordRefHead = true;
    keywordAlwaysName = true;
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

  /** rego.v2 and future.keywords enable not-bodies and and/or; future.keywords.X enables X. */
  private void enableKeywords(Term.Ref r) {
    if (!(r.head() instanceof Term.Var v)) {
      return;
    }
    List<String> path = new ArrayList<>();
    for (Term t : r.path()) {
      path.add(t instanceof Term.Scalar s && s.value() instanceof StringValue sv ? sv.value() : "");
    }
    boolean all = v.name().equals("rego") && path.equals(List.of("v2")) || v.name().equals("future") && path.equals(List.of("keywords"));
    boolean keyword = v.name().equals("future") && path.size() == 2 && path.get(0).equals("keywords");
    if (all || keyword && path.get(1).equals("not")) {
      notBodies = true;
    }
    if (all || keyword && path.get(1).equals("and")) {
      andKeyword = true;
    }
    if (all || keyword && path.get(1).equals("or")) {
      orKeyword = true;
    }
  }

  private Import parseImport() {
    Token imp = next();
    keywordRefHead = true;
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
    } else if ((root.equals("data") || root.equals("input")) && !ref.path().isEmpty()
        && ref.path().get(ref.path().size() - 1) instanceof Term.Scalar last
        && last.value() instanceof StringValue lastName && KEYWORDS.contains(lastName.value())) {
      throw new RegoException(new RegoError(RegoError.PARSE, last.location(), "unexpected import path, must not end with a keyword, got: "
          + lastName.value() + " (hint: import a different path or use an alias)", sourceLine(last.location().line())));
    }
    return new Import(ref, alias, loc(imp));
  }

  /** One rule statement; {@code p if {...} else := ...} is one rule with an else chain. */
  private List<Rule> parseRule(List<Annotation> anns) {
    Token start = peek();
    boolean isDefault = false;
    if (atWord("default") && !keywordStartsRef()) {
      next();
      isDefault = true;
    }
    keywordRefHead = keywordStartsRef();
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
    if (KEYWORDS.contains(name) && ref.path().isEmpty()) {
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
    if (!atWord("else") || keywordStartsRef()) {
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

}
