package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.builtins.graphql.Graphql;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;

/**
 * graphql.*: parsing and validation of GraphQL schemas and queries, returning ASTs in the shape
 * OPA documents (gqlparser's JSON). Schemas may be given as text or as a schema AST object.
 */
public final class GraphqlBuiltins implements BuiltinFamily {
  private static final Type S = Type.STRING;
  private static final Type OBJECT = Type.objectOf(Type.ANY, Type.ANY);
  private static final Type SCHEMA = Type.anyOf(S, Type.objectOf(Type.ANY, Type.ANY));

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("graphql.parse_query", Type.objectOf(Type.ANY, Type.ANY), Param.of("query", S)),
        (ctx, a) -> call(() -> Graphql.parseQuery(str(a.get(0)))));
    r.register(BuiltinDecl.of("graphql.parse_schema", Type.objectOf(Type.ANY, Type.ANY), Param.of("schema", S)),
        (ctx, a) -> call(() -> Graphql.parseSchema(str(a.get(0)))));
    r.register(BuiltinDecl.of("graphql.schema_is_valid", Type.BOOLEAN, Param.of("schema", SCHEMA)),
        (ctx, a) -> BooleanValue.of(Graphql.schemaIsValid(a.get(0))));
    r.register(BuiltinDecl.of("graphql.is_valid", Type.BOOLEAN, Param.of("query", SCHEMA), Param.of("schema", SCHEMA)),
        (ctx, a) -> BooleanValue.of(Graphql.isValid(a.get(0), a.get(1))));
    r.register(BuiltinDecl.of("graphql.parse", Type.tuple(OBJECT, OBJECT), Param.of("query", SCHEMA), Param.of("schema", SCHEMA)),
        (ctx, a) -> call(() -> {
          Value[] both = Graphql.parseAndValidate(a.get(0), a.get(1));
          // A query given as text comes back without ExpectedTypeHasDefault; an AST comes back as given.
          Value q = a.get(0) instanceof dev.gavel.rego.value.StringValue ? Graphql.withoutExpectedTypeHasDefault(both[0]) : both[0];
          return ArrayValue.of(q, both[1]);
        }));
    r.register(BuiltinDecl.of("graphql.parse_and_verify", Type.tuple(Type.BOOLEAN, OBJECT, OBJECT), Param.of("query", SCHEMA), Param.of("schema", SCHEMA)),
        (ctx, a) -> {
          try {
            Value[] both = Graphql.parseAndValidate(a.get(0), a.get(1));
            return ArrayValue.of(BooleanValue.TRUE, both[0], both[1]);
          } catch (IllegalArgumentException e) {
            return ArrayValue.of(BooleanValue.FALSE, ObjectValue.EMPTY, ObjectValue.EMPTY);
          }
        });
  }

  private static String str(Value v) {
    return ((StringValue) v).value();
  }

  private interface Call {
    Value run();
  }

  private static Value call(Call c) {
    try {
      return c.run();
    } catch (IllegalArgumentException e) {
      throw new BuiltinException(e.getMessage());
    }
  }
}
