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

  public static Value parseQuery(String query) {
    try {
      return GqlParser.parseQuery(query);
    } catch (GqlSyntaxError e) {
      throw error(e, "query string");
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

  public static boolean isValid(String query, Value schema) {
    try {
      parseAndValidate(query, schema);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** [query AST, schema AST] when the query is valid against the schema. */
  public static Value[] parseAndValidate(String query, Value schema) {
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
      q = (ObjectValue) GqlParser.parseQuery(query);
      GqlQueryValidator.validate(q, s);
    } catch (GqlSyntaxError e) {
      throw error(e, "query string");
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

  private static IllegalArgumentException error(GqlSyntaxError e, String what) {
    String where = e.line > 0 ? " in GraphQL " + what + " at location " + e.line + ":" + e.column : " in GraphQL " + what;
    return new IllegalArgumentException(e.getMessage() + where);
  }
}
