package dev.gavel.opa.differential;

import static dev.gavel.opa.differential.Node.Kind.ARRAY;
import static dev.gavel.opa.differential.Node.Kind.ARRAY_COMPR;
import static dev.gavel.opa.differential.Node.Kind.ASSIGN;
import static dev.gavel.opa.differential.Node.Kind.BODY;
import static dev.gavel.opa.differential.Node.Kind.BOOL_RULE;
import static dev.gavel.opa.differential.Node.Kind.COMPLETE;
import static dev.gavel.opa.differential.Node.Kind.DEFAULT;
import static dev.gavel.opa.differential.Node.Kind.DEFAULT_FUNCTION;
import static dev.gavel.opa.differential.Node.Kind.ELSE;
import static dev.gavel.opa.differential.Node.Kind.EVERY;
import static dev.gavel.opa.differential.Node.Kind.EXPR;
import static dev.gavel.opa.differential.Node.Kind.FUNCTION;
import static dev.gavel.opa.differential.Node.Kind.ITEM;
import static dev.gavel.opa.differential.Node.Kind.MEMBER;
import static dev.gavel.opa.differential.Node.Kind.MODULE;
import static dev.gavel.opa.differential.Node.Kind.NOT;
import static dev.gavel.opa.differential.Node.Kind.OBJECT;
import static dev.gavel.opa.differential.Node.Kind.OBJECT_COMPR;
import static dev.gavel.opa.differential.Node.Kind.OBJECT_RULE;
import static dev.gavel.opa.differential.Node.Kind.PARAMS;
import static dev.gavel.opa.differential.Node.Kind.REF;
import static dev.gavel.opa.differential.Node.Kind.SET;
import static dev.gavel.opa.differential.Node.Kind.SET_COMPR;
import static dev.gavel.opa.differential.Node.Kind.SET_RULE;
import static dev.gavel.opa.differential.Node.Kind.SOME_IN;
import static dev.gavel.opa.differential.Node.Kind.UNIFY;
import static dev.gavel.opa.differential.Node.Kind.WITH;
import static dev.gavel.opa.differential.Node.call;
import static dev.gavel.opa.differential.Node.constant;
import static dev.gavel.opa.differential.Node.infix;
import static dev.gavel.opa.differential.Node.of;
import static dev.gavel.opa.differential.Node.path;
import static dev.gavel.opa.differential.Node.var;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random Rego programs for differential testing: one module ({@code package d}) of two to six
 * rules of every kind (complete, default, boolean, partial set and object, functions with
 * constant patterns and defaults, else chains, several definitions that may conflict), bodies of
 * assignments, tests, negations, {@code some .. in}, refs with variables, {@code every},
 * destructuring, {@code with} (on input, data, rules and builtins), comprehensions, and builtins
 * from the arithmetic, string, set, object, array, aggregate and type families. Terms are typed
 * loosely so most programs compile; a few are deliberately ill-typed. Rules only refer to rules
 * made before them, so there is no recursion. Program {@code i} of a seed is always the same.
 */
final class ProgramGenerator {
  enum T { NUM, STR, BOOL, ARR, SET, OBJ, ANY }

  /** A bound variable or a rule, with the type its value has. */
  record Sym(String name, T type) {}

  /** A rule made so far: its name, value type, and arity (-1 for a document rule). */
  record RuleSig(String name, T type, int arity) {}

  private static final String[] NUMS = {"0", "1", "2", "3", "-1", "7", "10", "2.5", "0.5", "-3.25", "1e3", "100000000000000000000"};
  private static final String[] STRS = {"\"a\"", "\"b\"", "\"ab\"", "\"\"", "\"Hello World\"", "\"é\"", "\"a,b,c\"", "\"%\"", "\"10\"",
      "\"1.5\"", "\" x \"", "\"A\""};
  private static final String[] FORMATS = {"\"%v\"", "\"%d\"", "\"%s-%v\"", "\"%x\"", "\"%.2f\"", "\"%q\""};
  private static final T[] ASSIGNABLE = {T.NUM, T.NUM, T.NUM, T.STR, T.STR, T.BOOL, T.ARR, T.ARR, T.SET, T.OBJ, T.ANY};

  private final SplittableRandom r;
  private final List<RuleSig> rules = new ArrayList<>();
  private int fresh;

  private ProgramGenerator(SplittableRandom r) {
    this.r = r;
  }

  /** The module of program {@code index} under {@code seed}. */
  static Node module(long seed, long index) {
    return new ProgramGenerator(new SplittableRandom(seed * 7_919L + index)).module();
  }

  private Node module() {
    List<Node> out = new ArrayList<>();
    int n = 2 + r.nextInt(5);
    for (int i = 0; i < n; i++) {
      out.addAll(rule(i));
    }
    // Functions are not part of data.d: call them from document rules so their results count.
    for (RuleSig f : List.copyOf(rules)) {
      if (f.arity() >= 0 && chance(80)) {
        List<Node> args = new ArrayList<>();
        for (int a = 0; a < f.arity(); a++) {
          args.add(leaf(pick(new T[] {T.NUM, T.STR, T.ANY, T.ARR}), List.of()));
        }
        out.add(of(COMPLETE, "c" + f.name(), of(Node.Kind.CALL, f.name(), args)));
      }
    }
    return of(MODULE, "d", out);
  }

  private boolean chance(int percent) {
    return r.nextInt(100) < percent;
  }

  private String name(String prefix) {
    return prefix + fresh++;
  }

  // ---- rules ----

  private List<Node> rule(int i) {
    List<Node> out = new ArrayList<>();
    int kind = r.nextInt(12);
    if (kind <= 2) { // complete, maybe an else chain, maybe two definitions
      String name = "r" + i;
      T t = pick(ASSIGNABLE);
      out.add(complete(name, t, chance(25)));
      if (chance(15)) {
        out.add(complete(name, t, false));
      }
      rules.add(new RuleSig(name, t, -1));
    } else if (kind == 3) { // default plus a complete definition
      String name = "r" + i;
      T t = pick(ASSIGNABLE);
      out.add(of(DEFAULT, name, constantOf(chance(80) ? t : pick(ASSIGNABLE))));
      out.add(complete(name, t, chance(20)));
      rules.add(new RuleSig(name, T.ANY, -1));
    } else if (kind == 4) {
      String name = "b" + i;
      int defs = 1 + r.nextInt(2);
      for (int k = 0; k < defs; k++) {
        out.add(of(BOOL_RULE, name, body(new ArrayList<>(), 1 + r.nextInt(3), 2)));
      }
      rules.add(new RuleSig(name, T.BOOL, -1));
    } else if (kind <= 6) {
      String name = "s" + i;
      T elem = pick(ASSIGNABLE);
      int defs = 1 + r.nextInt(2);
      for (int k = 0; k < defs; k++) {
        List<Sym> scope = new ArrayList<>();
        Node body = body(scope, 1 + r.nextInt(3), 2);
        out.add(of(SET_RULE, name, term(elem, scope, 2), body));
      }
      rules.add(new RuleSig(name, T.SET, -1));
    } else if (kind <= 8) {
      String name = "o" + i;
      int defs = 1 + r.nextInt(2);
      for (int k = 0; k < defs; k++) {
        List<Sym> scope = new ArrayList<>();
        Node body = body(scope, 1 + r.nextInt(3), 2);
        out.add(of(OBJECT_RULE, name, term(chance(80) ? T.STR : T.NUM, scope, 1), term(pick(ASSIGNABLE), scope, 2), body));
      }
      rules.add(new RuleSig(name, T.OBJ, -1));
    } else {
      out.addAll(function("f" + i));
    }
    return out;
  }

  /** {@code name := v if { body }}, with else branches when asked. */
  private Node complete(String name, T t, boolean elses) {
    if (!elses && chance(20)) {
      return of(COMPLETE, name, term(t, new ArrayList<>(), 3));
    }
    List<Sym> scope = new ArrayList<>();
    Node body = body(scope, 1 + r.nextInt(3), 2);
    List<Node> kids = new ArrayList<>(List.of(term(t, scope, 3), body));
    if (elses) {
      int n = 1 + r.nextInt(2);
      for (int k = 0; k < n; k++) {
        List<Sym> s = new ArrayList<>();
        Node b = k == n - 1 && chance(50) ? null : body(s, 1 + r.nextInt(2), 2);
        kids.add(b == null ? of(ELSE, "", term(t, s, 2)) : of(ELSE, "", term(t, s, 2), b));
      }
    }
    return of(COMPLETE, name, kids);
  }

  private List<Node> function(String name) {
    int arity = 1 + r.nextInt(2);
    T t = pick(ASSIGNABLE);
    List<Node> out = new ArrayList<>();
    if (chance(20)) {
      List<Node> wild = new ArrayList<>();
      for (int a = 0; a < arity; a++) {
        wild.add(var("_"));
      }
      out.add(of(DEFAULT_FUNCTION, name, of(PARAMS, "", wild), constantOf(t)));
    }
    int defs = 1 + r.nextInt(2);
    for (int k = 0; k < defs; k++) {
      List<Sym> scope = new ArrayList<>();
      List<Node> params = new ArrayList<>();
      List<Sym> paramSyms = new ArrayList<>();
      for (int a = 0; a < arity; a++) {
        if (chance(15)) {
          params.add(constantOf(chance(50) ? T.NUM : T.STR)); // a constant pattern: f(1) := ...
        } else {
          String p = name("p");
          params.add(var(p));
          scope.add(new Sym(p, T.ANY));
          paramSyms.add(new Sym(p, T.ANY));
        }
      }
      Node body = body(scope, 1 + r.nextInt(3), 2);
      List<Node> kids = new ArrayList<>(List.of(of(PARAMS, "", params), term(t, scope, 2), body));
      if (defs == 1 && chance(25)) {
        kids.add(of(ELSE, "", term(t, new ArrayList<>(paramSyms), 1)));
      }
      out.add(of(FUNCTION, name, kids));
    }
    rules.add(new RuleSig(name, t, arity));
    return out;
  }

  // ---- bodies and literals ----

  /** A body of {@code n} literals; the variables they bind are added to {@code scope}. */
  private Node body(List<Sym> scope, int n, int depth) {
    List<Node> lits = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lits.add(literal(scope, depth));
    }
    return of(BODY, "", used(lits));
  }

  /**
   * OPA refuses a variable declared by {@code some .. in} or {@code every} and never used
   * ("declared var unused"): such a variable gets a literal that uses it, so the programs test
   * evaluation rather than that one check (which the differential found and records on its own).
   */
  private static List<Node> used(List<Node> lits) {
    List<Node> out = new ArrayList<>(lits);
    for (int i = 0; i < lits.size(); i++) {
      Node l = lits.get(i);
      if (l.kind() != SOME_IN) {
        continue;
      }
      StringBuilder rest = new StringBuilder();
      for (int j = i + 1; j < lits.size(); j++) {
        rest.append(' ').append(lits.get(j).render());
      }
      for (String v : l.text().split(", ")) {
        if (!rest.toString().matches("(?s).*\\b" + v + "\\b.*")) {
          out.add(of(EXPR, "", infix("==", var(v), var(v))));
        }
      }
    }
    return out;
  }

  /** An every's body, with a literal using its variables when the body does not. */
  private static Node everyBody(String vars, Node body) {
    List<Node> lits = new ArrayList<>(body.kids());
    String text = body.render();
    for (String v : vars.split(", ")) {
      if (!text.matches("(?s).*\\b" + v + "\\b.*")) {
        lits.add(of(EXPR, "", infix("==", var(v), var(v))));
      }
    }
    return of(BODY, "", lits);
  }

  private Node literal(List<Sym> scope, int depth) {
    switch (r.nextInt(12)) {
      case 0, 1, 2 -> {
        T t = pick(ASSIGNABLE);
        Node value = term(t, scope, depth);
        String x = name("x");
        scope.add(new Sym(x, t));
        return withs(of(ASSIGN, x, value));
      }
      case 3 -> {
        return someIn(scope, depth);
      }
      case 4 -> {
        Node coll = collection(scope, depth - 1);
        if (!refHead(coll)) {
          return someIn(scope, depth);
        }
        String i = name("i");
        String x = name("x");
        Node ref = index(coll, var(i));
        scope.add(new Sym(i, T.ANY));
        scope.add(new Sym(x, T.ANY));
        return of(ASSIGN, x, ref);
      }
      case 5, 6 -> {
        return withs(of(EXPR, "", term(T.BOOL, scope, depth)));
      }
      case 7 -> {
        return withs(of(NOT, "", term(chance(70) ? T.BOOL : T.ANY, scope, depth)));
      }
      case 8 -> {
        Node domain = collection(scope, depth - 1);
        List<Sym> inner = new ArrayList<>(scope);
        String v = name("x");
        String vars = v;
        if (chance(30)) {
          String k = name("k");
          inner.add(new Sym(k, T.ANY));
          vars = k + ", " + v;
        }
        inner.add(new Sym(v, T.ANY));
        return of(EVERY, vars, domain, everyBody(vars, body(inner, 1 + r.nextInt(2), depth - 1)));
      }
      case 9 -> {
        if (chance(50)) {
          String a = name("x");
          String b = name("x");
          // mostly two elements: OPA rejects a literal of another length as unsafe (recorded once)
          Node value = chance(60) ? of(ARRAY, "", term(pick(ASSIGNABLE), scope, depth - 1), term(pick(ASSIGNABLE), scope, depth - 1))
              : term(T.ARR, scope, depth);
          scope.add(new Sym(a, T.ANY));
          scope.add(new Sym(b, T.ANY));
          return of(UNIFY, "", of(ARRAY, "", var(a), var(b)), value);
        }
        T t = pick(ASSIGNABLE);
        return of(UNIFY, "", term(t, scope, depth - 1), term(t, scope, depth - 1));
      }
      default -> {
        return withs(of(EXPR, "", term(T.ANY, scope, depth)));
      }
    }
  }

  private Node someIn(List<Sym> scope, int depth) {
    Node coll = collection(scope, depth - 1);
    String x = name("x");
    if (chance(35)) {
      String k = name("k");
      scope.add(new Sym(k, T.ANY));
      scope.add(new Sym(x, T.ANY));
      return of(SOME_IN, k + ", " + x, coll);
    }
    scope.add(new Sym(x, T.ANY));
    return of(SOME_IN, x, coll);
  }

  /** Now and then a {@code with} on a literal: input, base data, an earlier rule, or a builtin. */
  private Node withs(Node literal) {
    if (!chance(10)) {
      return literal;
    }
    List<Node> kids = new ArrayList<>(literal.kids());
    switch (r.nextInt(6)) {
      case 0 -> kids.add(of(WITH, "input.n", constantOf(T.NUM)));
      case 1 -> kids.add(of(WITH, "input.s", constantOf(T.STR)));
      case 2 -> kids.add(of(WITH, "input", of(OBJECT, "", of(ITEM, "", constant("\"n\""), constantOf(T.NUM)))));
      case 3 -> kids.add(of(WITH, "data.base.k", constantOf(T.NUM)));
      case 4 -> {
        List<RuleSig> docs = rules.stream().filter(s -> s.arity() < 0).toList();
        if (docs.isEmpty()) {
          return literal;
        }
        RuleSig s = docs.get(r.nextInt(docs.size()));
        kids.add(of(WITH, "data.d." + s.name(), constantOf(s.type())));
      }
      default -> kids.add(of(WITH, chance(50) ? "count" : "upper", constantOf(chance(50) ? T.NUM : T.STR)));
    }
    return of(literal.kind(), literal.text(), kids);
  }

  // ---- terms ----

  /** A term whose value should have type {@code want}; sometimes deliberately of another type. */
  Node term(T want, List<Sym> scope, int depth) {
    if (chance(2)) {
      // Another type than asked for: mostly from input or data, whose types only show at run time
      // (a constant of the wrong type is a compile-time type error in OPA, rarely worth a program).
      T other = pick(T.values());
      return chance(80) ? source(other) : leaf(other, scope);
    }
    if (depth <= 0 || chance(30)) {
      return leaf(want, scope);
    }
    int d = depth - 1;
    return switch (want) {
      case NUM -> number(scope, d);
      case STR -> string(scope, d);
      case BOOL -> bool(scope, d);
      case ARR -> array(scope, d);
      case SET -> set(scope, d);
      case OBJ -> object(scope, d);
      case ANY -> any(scope, d);
    };
  }

  private Node leaf(T want, List<Sym> scope) {
    List<Sym> vars = scope.stream().filter(s -> s.type() == want || (s.type() == T.ANY && chance(10))).toList();
    int c = r.nextInt(10);
    if (c < 4 && !vars.isEmpty()) {
      return var(vars.get(r.nextInt(vars.size())).name());
    }
    if (c < 6) {
      Node ref = ruleRef(want);
      if (ref != null) {
        return ref;
      }
    }
    if (c < 8) {
      return source(want);
    }
    return constantOf(want);
  }

  /** A reference to an earlier rule of that type (by name, or through data.d), or null. */
  private Node ruleRef(T want) {
    List<RuleSig> docs = rules.stream().filter(s -> s.arity() < 0 && (s.type() == want || want == T.ANY)).toList();
    if (docs.isEmpty()) {
      return null;
    }
    String name = docs.get(r.nextInt(docs.size())).name();
    return chance(50) ? var(name) : path("data", "d", name);
  }

  /** Input and base data: of any type as far as the compiler knows, so type mistakes surface at run time. */
  private Node source(T want) {
    return switch (want) {
      case NUM -> pickNode(path("input", "n"), path("input", "m"), path("data", "base", "k"), of(REF, "", var("input"), constant("\"nums\""),
          constant("0")));
      case STR -> pickNode(path("input", "s"), path("input", "t"), path("data", "base", "s"), of(REF, "", var("input"), constant("\"strs\""),
          constant("1")));
      case BOOL -> pickNode(path("input", "b"), path("data", "base", "flag"));
      case ARR -> pickNode(path("input", "nums"), path("input", "strs"), path("input", "mixed"), path("data", "base", "xs"),
          path("input", "nested", "a", "b"));
      case SET -> {
        String e = name("e");
        yield of(SET_COMPR, "", var(e), of(BODY, "", of(SOME_IN, e, path("input", chance(50) ? "nums" : "strs"))));
      }
      case OBJ -> pickNode(path("input", "obj"), path("data", "base", "names"), path("input", "nested"));
      case ANY -> pickNode(path("input", "z"), path("input", "missing"), of(REF, "", var("input"), constant("\"mixed\""), constant("2")),
          path("input", "n"), path("input", "obj", "a"));
    };
  }

  Node constantOf(T t) {
    return switch (t) {
      case NUM -> constant(pick(NUMS));
      case STR -> constant(pick(STRS));
      case BOOL -> constant(chance(50) ? "true" : "false");
      case ARR -> {
        List<Node> els = new ArrayList<>();
        int n = r.nextInt(4);
        T e = chance(50) ? T.NUM : T.STR;
        for (int i = 0; i < n; i++) {
          els.add(constantOf(chance(85) ? e : T.ANY));
        }
        yield of(ARRAY, "", els);
      }
      case SET -> {
        List<Node> els = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          els.add(constantOf(chance(60) ? T.NUM : T.STR));
        }
        yield of(SET, "", els);
      }
      case OBJ -> {
        List<Node> items = new ArrayList<>();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
          items.add(of(ITEM, "", constant(Node.quote(String.valueOf((char) ('a' + i)))), constantOf(chance(70) ? T.NUM : T.STR)));
        }
        yield of(OBJECT, "", items);
      }
      case ANY -> chance(30) ? constant("null") : constantOf(pick(new T[] {T.NUM, T.STR, T.BOOL, T.ARR, T.OBJ}));
    };
  }

  private Node number(List<Sym> s, int d) {
    return switch (r.nextInt(13)) {
      case 0, 1 -> infix(pick(new String[] {"+", "-", "*", "/", "%"}), term(T.NUM, s, d), term(T.NUM, s, d));
      case 2 -> call(pick(new String[] {"abs", "ceil", "floor", "round"}), term(T.NUM, s, d));
      case 3 -> call("count", term(pick(new T[] {T.ARR, T.SET, T.OBJ, T.STR}), s, d));
      case 4 -> call(pick(new String[] {"sum", "product"}), numbers(s, d));
      case 5 -> call(pick(new String[] {"max", "min"}), numbers(s, d));
      case 6 -> call("to_number", term(pick(new T[] {T.STR, T.NUM, T.BOOL}), s, d));
      case 7 -> call("indexof", term(T.STR, s, d), term(T.STR, s, d));
      case 8 -> call("count", call("numbers.range", constant(pick(new String[] {"0", "1", "-2", "3"})),
          constant(pick(new String[] {"0", "2", "5", "-1"}))));
      case 9 -> function(T.NUM, s, d);
      case 10 -> call("object.get", term(T.OBJ, s, d), term(T.STR, s, d), constantOf(T.NUM));
      default -> leaf(T.NUM, s);
    };
  }

  private Node string(List<Sym> s, int d) {
    return switch (r.nextInt(14)) {
      case 0 -> call("concat", constant(pick(new String[] {"\",\"", "\"\"", "\"-\""})), strings(s, d));
      case 1 -> call(pick(new String[] {"lower", "upper", "trim_space", "strings.reverse"}), term(T.STR, s, d));
      case 2 -> call("substring", term(T.STR, s, d), term(T.NUM, s, d), term(T.NUM, s, d));
      case 3 -> call(pick(new String[] {"trim", "trim_left", "trim_right", "trim_prefix", "trim_suffix"}), term(T.STR, s, d), term(T.STR, s, d));
      case 4 -> call("replace", term(T.STR, s, d), term(T.STR, s, d), term(T.STR, s, d));
      case 5, 6 -> call("sprintf", constant(pick(FORMATS)), of(ARRAY, "", term(pick(new T[] {T.NUM, T.STR, T.ANY}), s, d)));
      case 7 -> call("format_int", term(T.NUM, s, d), constant(pick(new String[] {"2", "8", "10", "16"})));
      case 8 -> call("type_name", term(pick(T.values()), s, d));
      case 9 -> of(REF, "", call("split", term(T.STR, s, d), constant(pick(new String[] {"\",\"", "\"\"", "\"b\""}))), constant("0"));
      case 10 -> function(T.STR, s, d);
      case 11 -> call("strings.replace_n", of(OBJECT, "", of(ITEM, "", constantOf(T.STR), constantOf(T.STR))), term(T.STR, s, d));
      default -> leaf(T.STR, s);
    };
  }

  private Node bool(List<Sym> s, int d) {
    return switch (r.nextInt(11)) {
      case 0, 1, 2 -> {
        T t = chance(70) ? pick(new T[] {T.NUM, T.STR}) : pick(T.values());
        yield infix(pick(new String[] {"==", "!=", "<", "<=", ">", ">="}), term(t, s, d), term(t, s, d));
      }
      case 3 -> call(pick(new String[] {"contains", "startswith", "endswith"}), term(T.STR, s, d), term(T.STR, s, d));
      case 4 -> call(pick(new String[] {"is_number", "is_string", "is_boolean", "is_array", "is_set", "is_object", "is_null"}),
          term(pick(T.values()), s, d));
      case 5, 6 -> of(MEMBER, "", chance(50) ? source(pick(new T[] {T.NUM, T.STR})) : term(pick(new T[] {T.NUM, T.STR}), s, d),
          collection(s, d));
      case 7 -> function(T.BOOL, s, d);
      case 8 -> call("object.get", term(T.OBJ, s, d), term(T.STR, s, d), constant("false"));
      default -> leaf(T.BOOL, s);
    };
  }

  private Node array(List<Sym> s, int d) {
    return switch (r.nextInt(11)) {
      case 0 -> call("array.concat", term(T.ARR, s, d), term(T.ARR, s, d));
      case 1 -> call("array.slice", term(T.ARR, s, d), term(T.NUM, s, d), term(T.NUM, s, d));
      case 2 -> call("array.reverse", term(T.ARR, s, d));
      case 3 -> call("sort", chance(50) ? numbers(s, d) : strings(s, d));
      case 4 -> call("split", term(T.STR, s, d), term(T.STR, s, d));
      case 5, 6 -> comprehension(ARRAY_COMPR, s, d);
      case 7 -> {
        List<Node> els = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          els.add(term(pick(T.values()), s, d));
        }
        yield of(ARRAY, "", els);
      }
      case 8 -> function(T.ARR, s, d);
      default -> leaf(T.ARR, s);
    };
  }

  private Node set(List<Sym> s, int d) {
    return switch (r.nextInt(10)) {
      case 0, 1 -> infix(pick(new String[] {"|", "&", "-"}), term(T.SET, s, d), term(T.SET, s, d));
      case 2 -> call(pick(new String[] {"union", "intersection"}), of(SET, "", term(T.SET, s, d), term(T.SET, s, d)));
      case 3 -> call("object.keys", term(T.OBJ, s, d));
      case 4, 5 -> comprehension(SET_COMPR, s, d);
      case 6 -> {
        List<Node> els = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          els.add(term(pick(new T[] {T.NUM, T.STR, T.ARR}), s, d));
        }
        yield of(SET, "", els);
      }
      case 7 -> function(T.SET, s, d);
      default -> leaf(T.SET, s);
    };
  }

  private Node object(List<Sym> s, int d) {
    return switch (r.nextInt(10)) {
      case 0 -> call("object.union", term(T.OBJ, s, d), term(T.OBJ, s, d));
      case 1 -> call(pick(new String[] {"object.remove", "object.filter"}), term(T.OBJ, s, d), chance(50) ? strings(s, d)
          : term(T.SET, s, d));
      case 2 -> call("object.union_n", of(ARRAY, "", term(T.OBJ, s, d), term(T.OBJ, s, d)));
      case 3, 4 -> comprehension(OBJECT_COMPR, s, d);
      case 5 -> {
        List<Node> items = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
          items.add(of(ITEM, "", term(chance(80) ? T.STR : T.NUM, s, d), term(pick(T.values()), s, d)));
        }
        yield of(OBJECT, "", items);
      }
      case 6 -> function(T.OBJ, s, d);
      default -> leaf(T.OBJ, s);
    };
  }

  private Node any(List<Sym> s, int d) {
    return switch (r.nextInt(6)) {
      case 0 -> call("object.get", term(T.OBJ, s, d), term(T.STR, s, d), constantOf(T.ANY));
      case 1 -> index(term(T.ARR, s, d), constant(chance(90) ? pick(new String[] {"0", "1", "2"}) : pick(new String[] {"-1", "0.5"})));
      case 2 -> call(pick(new String[] {"max", "min"}), term(pick(new T[] {T.ARR, T.SET}), s, d));
      case 3 -> call("json.filter", term(T.OBJ, s, d), of(ARRAY, "", constant("\"a\"")));
      default -> term(pick(new T[] {T.NUM, T.STR, T.BOOL, T.ARR, T.SET, T.OBJ}), s, d + 1);
    };
  }

  /** Whether Rego lets {@code t} be followed by {@code [key]} (not an infix expression or a scalar). */
  private static boolean refHead(Node t) {
    return switch (t.kind()) {
      case REF, VAR, CALL, ARRAY, SET, OBJECT, ARRAY_COMPR, SET_COMPR, OBJECT_COMPR -> true;
      default -> false;
    };
  }

  /** {@code t[key]}: a ref one step longer (input.mixed[2] when {@code t} cannot head a ref). */
  private static Node index(Node t, Node key) {
    List<Node> kids = new ArrayList<>(t.kind() == REF ? t.kids() : refHead(t) ? List.of(t) : path("input", "mixed").kids());
    kids.add(key);
    return of(REF, "", kids);
  }

  /** An array, set or object to iterate over. */
  private Node collection(List<Sym> s, int d) {
    return term(pick(new T[] {T.ARR, T.ARR, T.SET, T.OBJ}), s, Math.max(d, 0));
  }

  private Node numbers(List<Sym> s, int d) {
    return chance(60) ? of(ARRAY, "", constantOf(T.NUM), constantOf(T.NUM), term(T.NUM, s, d)) : term(T.ARR, s, d);
  }

  private Node strings(List<Sym> s, int d) {
    return chance(60) ? of(ARRAY, "", constantOf(T.STR), term(T.STR, s, d)) : path("input", "strs");
  }

  /** A call of an earlier function returning {@code t} (any other term when there is none). */
  private Node function(T t, List<Sym> s, int d) {
    List<RuleSig> fns = rules.stream().filter(x -> x.arity() >= 0 && (x.type() == t || chance(20))).toList();
    if (fns.isEmpty()) {
      return leaf(t, s);
    }
    RuleSig f = fns.get(r.nextInt(fns.size()));
    List<Node> args = new ArrayList<>();
    for (int i = 0; i < f.arity(); i++) {
      T arg = pick(new T[] {T.NUM, T.STR, T.ANY});
      args.add(chance(75) ? source(arg) : term(arg, s, d));
    }
    return of(Node.Kind.CALL, chance(70) ? f.name() : "data.d." + f.name(), args);
  }

  /** {@code [head | some x in coll; filter]} and its set and object forms, over a nested scope. */
  private Node comprehension(Node.Kind kind, List<Sym> s, int d) {
    List<Sym> inner = new ArrayList<>(s);
    List<Node> lits = new ArrayList<>();
    lits.add(someIn(inner, d));
    if (chance(50)) {
      lits.add(literal(inner, Math.max(d - 1, 0)));
    }
    Node body = of(BODY, "", used(lits));
    if (kind == OBJECT_COMPR) {
      return of(kind, "", term(chance(70) ? T.STR : T.NUM, inner, d), term(pick(T.values()), inner, d), body);
    }
    return of(kind, "", term(pick(T.values()), inner, d), body);
  }

  private <X> X pick(X[] options) {
    return options[r.nextInt(options.length)];
  }

  private Node pickNode(Node... options) {
    return options[r.nextInt(options.length)];
  }
}
