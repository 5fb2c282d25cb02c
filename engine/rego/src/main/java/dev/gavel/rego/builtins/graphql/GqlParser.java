package dev.gavel.rego.builtins.graphql;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Parses GraphQL schema (SDL) and query documents into Rego values shaped like the JSON of
 * gqlparser's AST, which is what OPA's graphql.* builtins return: Go field names, empty lists
 * omitted, value kinds as gqlparser's numbers.
 */
final class GqlParser {
  static final Set<String> LOCATIONS = Set.of("QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION",
      "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION",
      "ARGUMENT_DEFINITION", "INTERFACE", "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION");

  private final List<GqlToken> tokens;
  private int i;

  private GqlParser(String src) {
    this.tokens = GqlLexer.tokens(src);
  }

  // ---- token helpers ----

  private GqlToken peek() {
    return tokens.get(i);
  }

  private GqlToken next() {
    GqlToken t = tokens.get(i);
    if (!t.is(GqlToken.EOF)) {
      i++;
    }
    return t;
  }

  private boolean at(String kind) {
    return peek().is(kind);
  }

  private boolean skip(String kind) {
    if (at(kind)) {
      next();
      return true;
    }
    return false;
  }

  private GqlSyntaxError unexpected(GqlToken t) {
    return new GqlSyntaxError("Unexpected " + t.describe(), t.line(), t.column());
  }

  private GqlToken expect(String kind) {
    GqlToken t = peek();
    if (t.is(GqlToken.INVALID)) {
      throw unexpected(t);
    }
    if (!t.is(kind)) {
      throw new GqlSyntaxError("Expected " + kind + ", found " + t.describe(), t.line(), t.column());
    }
    return next();
  }

  private void expectKeyword(String word) {
    GqlToken t = peek();
    if (!t.isName(word)) {
      throw new GqlSyntaxError("Expected \"" + word + "\", found " + t.describe(), t.line(), t.column());
    }
    next();
  }

  private String name() {
    return expect(GqlToken.NAME).value();
  }

  /** {@code start item+ end}: at least one item. */
  private List<Value> some(String start, String end, Supplier<Value> item) {
    expect(start);
    List<Value> out = new ArrayList<>();
    do {
      if (at(end) && out.isEmpty()) {
        GqlToken t = peek();
        throw new GqlSyntaxError("expected at least one definition, found " + t.value(), t.line(), t.column());
      }
      out.add(item.get());
    } while (!skip(end));
    return out;
  }

  // ---- schema documents ----

  static Value parseSchema(String src) {
    return new GqlParser(src).schemaDocument();
  }

  private Value schemaDocument() {
    List<Value> schema = new ArrayList<>();
    List<Value> schemaExt = new ArrayList<>();
    List<Value> directives = new ArrayList<>();
    List<Value> definitions = new ArrayList<>();
    List<Value> extensions = new ArrayList<>();
    while (!at(GqlToken.EOF)) {
      GqlToken t = peek();
      if (t.is(GqlToken.INVALID)) {
        throw unexpected(t);
      }
      String description = "";
      if (t.is(GqlToken.STRING) || t.is(GqlToken.BLOCK_STRING)) {
        description = next().value();
        t = peek();
        if (t.isName("extend")) {
          throw unexpected(tokens.get(i - 1));
        }
      }
      if (!t.is(GqlToken.NAME)) {
        throw unexpected(t);
      }
      switch (t.value()) {
        case "schema" -> {
          next();
          schema.add(schemaDefinition(description));
        }
        case "directive" -> {
          next();
          directives.add(directiveDefinition(description));
        }
        case "extend" -> {
          next();
          GqlToken k = peek();
          if (k.isName("schema")) {
            next();
            schemaExt.add(schemaExtension());
          } else if (k.is(GqlToken.NAME) && isTypeKeyword(k.value())) {
            extensions.add(typeDefinition("", true));
          } else {
            throw unexpected(k);
          }
        }
        default -> {
          if (!isTypeKeyword(t.value())) {
            throw unexpected(t);
          }
          definitions.add(typeDefinition(description, false));
        }
      }
    }
    return new Shape()
        .list("Schema", schema).list("SchemaExtension", schemaExt).list("Directives", directives)
        .list("Definitions", definitions).list("Extensions", extensions).build();
  }

  private static boolean isTypeKeyword(String w) {
    return Set.of("scalar", "type", "interface", "union", "enum", "input").contains(w);
  }

  private Value schemaDefinition(String description) {
    List<Value> dirs = directives();
    List<Value> ops = some("{", "}", this::operationType);
    return new Shape().str("Description", description).list("Directives", dirs).list("OperationTypes", ops).build();
  }

  private Value schemaExtension() {
    List<Value> dirs = directives();
    List<Value> ops = List.of();
    if (at("{")) {
      ops = some("{", "}", this::operationType);
    }
    if (dirs.isEmpty() && ops.isEmpty()) {
      throw unexpected(peek());
    }
    return new Shape().str("Description", "").list("Directives", dirs).list("OperationTypes", ops).build();
  }

  private Value operationType() {
    GqlToken t = peek();
    String op = name();
    if (!Set.of("query", "mutation", "subscription").contains(op)) {
      throw new GqlSyntaxError("Unexpected Name \"" + op + "\"", t.line(), t.column());
    }
    expect(":");
    return new Shape().str("Operation", op).str("Type", name()).build();
  }

  private Value typeDefinition(String description, boolean extension) {
    GqlToken kw = next();
    String nm = name();
    Shape s = new Shape().bool("BuiltIn", false).str("Description", description);
    List<Value> interfaces = List.of();
    List<Value> dirs;
    List<Value> fields = List.of();
    List<Value> types = List.of();
    List<Value> enumValues = List.of();
    String kind;
    switch (kw.value()) {
      case "scalar" -> {
        kind = "SCALAR";
        dirs = directives();
      }
      case "type", "interface" -> {
        kind = kw.value().equals("type") ? "OBJECT" : "INTERFACE";
        interfaces = implementsInterfaces();
        dirs = directives();
        if (at("{")) {
          fields = some("{", "}", this::fieldDefinition);
        }
      }
      case "union" -> {
        kind = "UNION";
        dirs = directives();
        if (skip("=")) {
          types = unionMembers();
        }
      }
      case "enum" -> {
        kind = "ENUM";
        dirs = directives();
        if (at("{")) {
          enumValues = some("{", "}", this::enumValue);
        }
      }
      default -> {
        kind = "INPUT_OBJECT";
        dirs = directives();
        if (at("{")) {
          fields = some("{", "}", this::inputValue);
        }
      }
    }
    if (extension && dirs.isEmpty() && interfaces.isEmpty() && fields.isEmpty() && types.isEmpty() && enumValues.isEmpty()) {
      throw unexpected(peek());
    }
    return s.list("Directives", dirs).list("EnumValues", enumValues).list("Fields", fields)
        .list("Interfaces", interfaces).str("Kind", kind).str("Name", nm).list("Types", types).build();
  }

  private List<Value> implementsInterfaces() {
    List<Value> out = new ArrayList<>();
    if (peek().isName("implements")) {
      next();
      skip("&");
      do {
        out.add(StringValue.of(name()));
      } while (skip("&"));
    }
    return out;
  }

  private List<Value> unionMembers() {
    List<Value> out = new ArrayList<>();
    skip("|");
    do {
      out.add(StringValue.of(name()));
    } while (skip("|"));
    return out;
  }

  private Value fieldDefinition() {
    String description = description();
    String nm = name();
    List<Value> args = List.of();
    if (at("(")) {
      args = some("(", ")", this::inputValue);
    }
    expect(":");
    Value type = type();
    return new Shape().list("Arguments", args).str("Description", description).list("Directives", directives())
        .str("Name", nm).put("Type", type).build();
  }

  private Value inputValue() {
    String description = description();
    String nm = name();
    expect(":");
    Value type = type();
    Value def = null;
    if (skip("=")) {
      def = value(true);
    }
    return new Shape().put("DefaultValue", def).str("Description", description).list("Directives", directives())
        .str("Name", nm).put("Type", type).build();
  }

  private Value enumValue() {
    String description = description();
    String nm = name();
    return new Shape().str("Description", description).list("Directives", directives()).str("Name", nm).build();
  }

  private String description() {
    if (at(GqlToken.STRING) || at(GqlToken.BLOCK_STRING)) {
      return next().value();
    }
    return "";
  }

  private Value directiveDefinition(String description) {
    expect("@");
    String nm = name();
    List<Value> args = List.of();
    if (at("(")) {
      args = some("(", ")", this::inputValue);
    }
    boolean repeatable = false;
    if (peek().isName("repeatable")) {
      next();
      repeatable = true;
    }
    expectKeyword("on");
    List<Value> locs = new ArrayList<>();
    skip("|");
    do {
      GqlToken t = peek();
      String loc = name();
      if (!LOCATIONS.contains(loc)) {
        throw unexpected(t);
      }
      locs.add(StringValue.of(loc));
    } while (skip("|"));
    return new Shape().list("Arguments", args).str("Description", description).bool("IsRepeatable", repeatable)
        .list("Locations", locs).str("Name", nm).build();
  }

  private List<Value> directives() {
    List<Value> out = new ArrayList<>();
    while (at("@")) {
      next();
      String nm = name();
      List<Value> args = List.of();
      if (at("(")) {
        args = some("(", ")", this::argument);
      }
      out.add(new Shape().list("Arguments", args).str("Location", "").str("Name", nm).build());
    }
    return out;
  }

  private Value argument() {
    String nm = name();
    expect(":");
    return new Shape().str("Name", nm).put("Value", value(false)).build();
  }

  Value type() {
    Value t;
    if (skip("[")) {
      Value elem = type();
      expect("]");
      t = new Shape().put("Elem", elem).str("NamedType", "").build();
    } else {
      t = new Shape().str("NamedType", name()).build();
    }
    boolean nonNull = skip("!");
    return ((ObjectValue) t).with(StringValue.of("NonNull"), BooleanValue.of(nonNull));
  }

  /** A value; {@code constant} forbids variables. Kinds follow gqlparser: Variable 0 ... Object 9. */
  Value value(boolean constant) {
    GqlToken t = peek();
    int kind;
    String raw;
    List<Value> children = null;
    switch (t.kind()) {
      case "$" -> {
        if (constant) {
          throw unexpected(t);
        }
        next();
        kind = 0;
        raw = name();
      }
      case GqlToken.INT -> {
        next();
        kind = 1;
        raw = t.value();
      }
      case GqlToken.FLOAT -> {
        next();
        kind = 2;
        raw = t.value();
      }
      case GqlToken.STRING -> {
        next();
        kind = 3;
        raw = t.value();
      }
      case GqlToken.BLOCK_STRING -> {
        next();
        kind = 4;
        raw = t.value();
      }
      case GqlToken.NAME -> {
        next();
        raw = t.value();
        kind = raw.equals("true") || raw.equals("false") ? 5 : raw.equals("null") ? 6 : 7;
      }
      case "[" -> {
        next();
        kind = 8;
        raw = "";
        children = new ArrayList<>();
        while (!skip("]")) {
          children.add(new Shape().str("Name", "").put("Value", value(constant)).build());
        }
      }
      case "{" -> {
        next();
        kind = 9;
        raw = "";
        children = new ArrayList<>();
        while (!skip("}")) {
          String nm = name();
          expect(":");
          children.add(new Shape().str("Name", nm).put("Value", value(constant)).build());
        }
      }
      default -> throw unexpected(t);
    }
    Shape s = new Shape();
    if (children != null && !children.isEmpty()) {
      s.list("Children", children);
    }
    return s.bool("ExpectedTypeHasDefault", false).num("Kind", kind).str("Raw", raw).build();
  }

  // ---- query documents ----

  static Value parseQuery(String src) {
    return new GqlParser(src).queryDocument();
  }

  /** A parsed query and where each field selection starts (line, column), for validation errors. */
  record ParsedQuery(ObjectValue ast, Map<Value, int[]> positions) {}

  static ParsedQuery parseQueryWithPositions(String src) {
    GqlParser p = new GqlParser(src);
    ObjectValue ast = (ObjectValue) p.queryDocument();
    return new ParsedQuery(ast, p.positions);
  }

  /** Field selections by identity (ObjectValue equality is structural). */
  private final Map<Value, int[]> positions = new java.util.IdentityHashMap<>();

  private Value queryDocument() {
    List<Value> ops = new ArrayList<>();
    List<Value> fragments = new ArrayList<>();
    // An empty document has no operations and is valid, as in gqlparser.
    while (!at(GqlToken.EOF)) {
      GqlToken t = peek();
      if (t.is("{")) {
        ops.add(new Shape().str("Name", "").str("Operation", "query").list("SelectionSet", selectionSet()).build());
      } else if (t.is(GqlToken.NAME) && Set.of("query", "mutation", "subscription").contains(t.value())) {
        ops.add(operation());
      } else if (t.isName("fragment")) {
        next();
        fragments.add(fragment());
      } else {
        throw unexpected(t);
      }
    }
    return new Shape().list("Fragments", fragments).list("Operations", ops).build();
  }

  private Value operation() {
    String op = next().value();
    String nm = at(GqlToken.NAME) ? name() : "";
    List<Value> vars = List.of();
    if (at("(")) {
      vars = some("(", ")", this::variableDefinition);
    }
    List<Value> dirs = directives();
    return new Shape().list("Directives", dirs).str("Name", nm).str("Operation", op)
        .list("SelectionSet", selectionSet()).list("VariableDefinitions", vars).build();
  }

  private Value variableDefinition() {
    expect("$");
    String nm = name();
    expect(":");
    Value type = type();
    Value def = null;
    if (skip("=")) {
      def = value(true);
    }
    return new Shape().put("DefaultValue", def).list("Directives", directives()).put("Type", type)
        .bool("Used", false).str("Variable", nm).build();
  }

  private Value fragment() {
    if (peek().isName("on")) {
      throw unexpected(peek()); // a fragment cannot be named "on"
    }
    String nm = name();
    List<Value> vars = List.of();
    if (at("(")) {
      vars = some("(", ")", this::variableDefinition); // experimental fragment variables
    }
    expectKeyword("on");
    String on = name();
    List<Value> dirs = directives();
    return new Shape().list("Directives", dirs).str("Name", nm).list("SelectionSet", selectionSet())
        .str("TypeCondition", on).list("VariableDefinition", vars).build();
  }

  private List<Value> selectionSet() {
    return some("{", "}", this::selection);
  }

  private Value selection() {
    if (skip("...")) {
      if (at(GqlToken.NAME) && !peek().isName("on")) {
        String nm = name();
        return new Shape().list("Directives", directives()).str("Name", nm).build();
      }
      String on = "";
      if (peek().isName("on")) {
        next();
        on = name();
      }
      List<Value> dirs = directives();
      return new Shape().list("Directives", dirs).list("SelectionSet", selectionSet()).str("TypeCondition", on).build();
    }
    GqlToken start = peek();
    String first = name();
    String alias = first;
    String nm = first;
    if (skip(":")) {
      nm = name();
    }
    List<Value> args = List.of();
    if (at("(")) {
      args = some("(", ")", this::argument);
    }
    List<Value> dirs = directives();
    List<Value> sel = at("{") ? selectionSet() : List.of();
    Value field = new Shape().str("Alias", alias).list("Arguments", args).list("Directives", dirs).str("Name", nm)
        .list("SelectionSet", sel).build();
    positions.put(field, new int[] {start.line(), start.column()});
    return field;
  }

  /** Builds an AST object, leaving out empty lists and nulls as Go's omitempty does. */
  static final class Shape {
    private final ObjectValue.Builder b = ObjectValue.builder();

    Shape str(String k, String v) {
      b.put(k, StringValue.of(v));
      return this;
    }

    Shape bool(String k, boolean v) {
      b.put(k, BooleanValue.of(v));
      return this;
    }

    Shape num(String k, long v) {
      b.put(k, NumberValue.of(v));
      return this;
    }

    Shape list(String k, List<Value> v) {
      if (v != null && !v.isEmpty()) {
        b.put(k, ArrayValue.of(v));
      }
      return this;
    }

    Shape put(String k, Value v) {
      if (v != null) {
        b.put(k, v);
      }
      return this;
    }

    ObjectValue build() {
      return b.build();
    }
  }
}
