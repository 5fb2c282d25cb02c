package dev.gavel.rego.builtins.jsonschema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import dev.gavel.json.Json;
import dev.gavel.rego.builtins.BuiltinDecl;
import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.builtins.BuiltinException;
import dev.gavel.rego.builtins.BuiltinFamily;
import dev.gavel.rego.builtins.BuiltinRegistry;
import dev.gavel.rego.builtins.Type;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * json.verify_schema and json.match_schema: schemas and documents as JSON text or as values,
 * schemas checked as OPA's library checks them, documents validated with results in OPA's shape
 * ({@code [valid, [{error, type, field, desc}...]]}). Compiled schemas are kept per registry.
 */
public final class JsonSchemaBuiltins implements BuiltinFamily {
  private static final int CACHE_LIMIT = 256;
  private final Map<Value, JsonSchema> compiled = new ConcurrentHashMap<>();

  @Override
  public void register(BuiltinRegistry r) {
    Type input = Type.anyOf(Type.STRING, Type.objectOf(Type.ANY, Type.ANY));
    Type error = Type.object(List.of(Type.property("desc", Type.STRING), Type.property("error", Type.STRING),
        Type.property("field", Type.STRING), Type.property("type", Type.STRING)), null, null);
    r.register(BuiltinDecl.of("json.verify_schema", Type.tuple(Type.BOOLEAN, Type.anyOf(Type.NULL, Type.STRING)),
            Param.of("schema", input)),
        (ctx, a) -> {
          try {
            compile(a.get(0));
            return ArrayValue.of(BooleanValue.TRUE, NullValue.INSTANCE);
          } catch (BuiltinException | GoJsonSchema.SchemaError e) {
            return ArrayValue.of(BooleanValue.FALSE, StringValue.of("jsonschema: " + e.getMessage()));
          }
        });
    r.register(BuiltinDecl.of("json.match_schema", Type.tuple(Type.BOOLEAN, Type.arrayOf(error)),
            Param.of("document", input), Param.of("schema", input)),
        (ctx, a) -> {
          JsonNode document = json(a.get(0));
          JsonSchema schema;
          try {
            schema = compile(a.get(1));
          } catch (GoJsonSchema.SchemaError e) {
            throw new BuiltinException(e.getMessage());
          }
          List<Value> errors = new ArrayList<>();
          for (GoJsonSchema.Error e : GoJsonSchema.validate(schema, document)) {
            errors.add(ObjectValue.builder().put("error", StringValue.of(e.text())).put("type", StringValue.of(e.type()))
                .put("field", StringValue.of(e.field())).put("desc", StringValue.of(e.description())).build());
          }
          return ArrayValue.of(BooleanValue.of(errors.isEmpty()), ArrayValue.of(errors));
        });
  }

  private JsonSchema compile(Value schema) {
    JsonSchema cached = compiled.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonSchema s = GoJsonSchema.compile(json(schema));
    if (compiled.size() >= CACHE_LIMIT) {
      compiled.clear();
    }
    compiled.put(schema, s);
    return s;
  }

  /** A string operand is JSON text; an object or array is used as it is. */
  private static JsonNode json(Value v) {
    if (v instanceof StringValue s) {
      try {
        return Json.read(s.value());
      } catch (Json.ParseException e) {
        throw new BuiltinException("invalid JSON string");
      }
    }
    if (v instanceof ObjectValue || v instanceof ArrayValue) {
      return JsonValues.toJson(v);
    }
    throw new BuiltinException("wrong type, expected string or object");
  }
}
