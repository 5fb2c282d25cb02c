package dev.gavel.rego.builtins.graphql;

import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;

/**
 * The operations behind the graphql.* builtins. Failures are IllegalArgumentExceptions whose
 * message reads like OPA's ("... in GraphQL string at location 1:13").
 */
public final class Graphql {
  private Graphql() {}

  /** Syntax errors read "in GraphQL string", as OPA words them; validation errors "in GraphQL query string". */
  public static Value parseQuery(String query) {
    try {
      return GqlParser.parseQuery(query);
    } catch (GqlSyntaxError e) {
      throw error(e, "string");
    }
  }

  public static Value parseSchema(String schema) {
    try {
      return GqlParser.parseSchema(schema);
    } catch (GqlSyntaxError e) {
      throw error(e, "string");
    }
  }

  public static boolean schemaIsValid(Value schema) {
    try {
      schema(schema).validate();
      return true;
    } catch (GqlSyntaxError | IllegalArgumentException | ClassCastException e) {
      return false;
    }
  }

  public static boolean isValid(Value query, Value schema) {
    try {
      parseAndValidate(query, schema);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * [query AST, schema AST] when the query is valid against the schema. Either may be given as
   * text or as the AST object graphql.parse_query / parse_schema return.
   */
  public static Value[] parseAndValidate(Value query, Value schema) {
    ObjectValue schemaAst = schemaAst(schema);
    GqlSchema s;
    try {
      s = GqlSchema.from(schemaAst);
      s.validate();
    } catch (GqlSyntaxError e) {
      throw error(e, "string");
    }
    ObjectValue q;
    try {
      if (query instanceof StringValue text) {
        GqlParser.ParsedQuery parsed;
        try {
          parsed = GqlParser.parseQueryWithPositions(text.value());
        } catch (GqlSyntaxError e) {
          throw error(e, "string");
        }
        q = parsed.ast();
        GqlQueryValidator.validate(q, s, parsed.positions());
      } else {
        q = (ObjectValue) query;
        GqlQueryValidator.validate(q, s);
      }
    } catch (GqlSyntaxError e) {
      throw error(e, "query string");
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("the query AST is not shaped like graphql.parse_query's result");
    }
    return new Value[] {q, schemaAst};
  }

  private static GqlSchema schema(Value schema) {
    return GqlSchema.from(schemaAst(schema));
  }

  private static ObjectValue schemaAst(Value schema) {
    if (schema instanceof StringValue s) {
      return (ObjectValue) parseSchema(s.value());
    }
    return (ObjectValue) schema;
  }

  /**
   * The query AST as graphql.parse returns it: OPA's conformance cases show its values without
   * the {@code ExpectedTypeHasDefault} member that graphql.parse_query and parse_and_verify keep.
   */
  public static Value withoutExpectedTypeHasDefault(Value v) {
    if (v instanceof ObjectValue o) {
      java.util.Map<Value, Value> out = new java.util.LinkedHashMap<>();
      for (java.util.Map.Entry<Value, Value> e : o.asMap().entrySet()) {
        if (!e.getKey().equals(StringValue.of("ExpectedTypeHasDefault"))) {
          out.put(e.getKey(), withoutExpectedTypeHasDefault(e.getValue()));
        }
      }
      return ObjectValue.of(out);
    }
    if (v instanceof dev.gavel.rego.value.ArrayValue a) {
      return dev.gavel.rego.value.ArrayValue.of(a.elements().stream().map(Graphql::withoutExpectedTypeHasDefault).toList());
    }
    return v;
  }

  private static IllegalArgumentException error(GqlSyntaxError e, String what) {
    String where = e.line > 0 ? " in GraphQL " + what + " at location " + e.line + ":" + e.column : " in GraphQL " + what;
    return new IllegalArgumentException(e.getMessage() + where);
  }
}
