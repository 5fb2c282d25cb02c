package dev.gavel.rego.syntax;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.Json;
import dev.gavel.json.Yaml;
import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * METADATA comment blocks read as OPA reads them: a block starts with a comment at column 1 whose
 * text begins with {@code METADATA} and continues with the comments on the following lines, also
 * at column 1; its YAML (one leading space dropped per line) becomes OPA's annotation object
 * ({@code scope}, {@code title}, {@code entrypoint}, {@code description}, {@code organizations},
 * {@code related_resources} as {@code {ref, description}}, {@code authors} as {@code {name, email}},
 * {@code schemas} as {@code {path, schema}} or {@code {path, definition}}, {@code custom},
 * {@code labels}). Unknown keys are ignored, as OPA ignores them.
 */
final class Metadata {
  private Metadata() {}

  /** One block: where its METADATA line is, and its fields (scope not yet defaulted). */
  record Block(Location location, ObjectValue fields) {
    String scope() {
      return fields.get("scope") instanceof StringValue s ? s.value() : "";
    }

    boolean entrypoint() {
      return BooleanValue.TRUE.equals(fields.get("entrypoint"));
    }
  }

  static List<Block> blocks(String file, List<Lexer.Comment> comments, java.util.function.IntFunction<String> sourceLine) {
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < comments.size(); i++) {
      Lexer.Comment c = comments.get(i);
      if (!isMetadata(c)) {
        continue;
      }
      List<Lexer.Comment> lines = new ArrayList<>();
      int j = i + 1;
      while (j < comments.size() && comments.get(j).column() == 1 && comments.get(j).line() == comments.get(j - 1).line() + 1
          && !isMetadata(comments.get(j))) {
        lines.add(comments.get(j));
        j++;
      }
      out.add(parse(file, c, lines, sourceLine));
      i = j - 1;
    }
    return out;
  }

  private static boolean isMetadata(Lexer.Comment c) {
    return c.column() == 1 && c.text().strip().startsWith("METADATA");
  }

  private static Block parse(String file, Lexer.Comment start, List<Lexer.Comment> lines,
      java.util.function.IntFunction<String> sourceLine) {
    Location at = new Location(file, start.line(), start.column());
    StringBuilder yaml = new StringBuilder();
    for (Lexer.Comment l : lines) {
      String t = l.text();
      yaml.append(t.startsWith(" ") ? t.substring(1) : t).append('\n');
    }
    if (yaml.toString().isBlank()) {
      throw new RegoException(new RegoError(RegoError.PARSE, at, "expected METADATA block, found whitespace", sourceLine.apply(start.line())));
    }
    JsonNode node;
    try {
      node = Yaml.reader().readFirstDocument(yaml.toString());
    } catch (Json.ParseException e) {
      Location where = lines.isEmpty() ? at : new Location(file, lines.get(0).line(), 1);
      throw new RegoException(new RegoError(RegoError.PARSE, where, "yaml: " + e.getMessage(), sourceLine.apply(where.line())));
    }
    if (!node.isObject()) {
      Location where = lines.isEmpty() ? at : new Location(file, lines.get(0).line(), 1);
      throw new RegoException(new RegoError(RegoError.PARSE, where,
          "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!" + yamlKind(node) + " into ast.rawAnnotation",
          sourceLine.apply(where.line())));
    }
    try {
      return new Block(at, normalise(node));
    } catch (IllegalArgumentException e) {
      throw new RegoException(new RegoError(RegoError.PARSE, at, e.getMessage(), sourceLine.apply(start.line())));
    }
  }

  private static String yamlKind(JsonNode n) {
    return n.isArray() ? "seq" : n.isTextual() ? "str" : n.isNumber() ? "int" : n.isBoolean() ? "bool" : "null";
  }

  /** OPA's annotation object for a block's YAML, keys in OPA's order of meaning. */
  private static ObjectValue normalise(JsonNode y) {
    ObjectValue.Builder b = ObjectValue.builder();
    text(y, "scope").ifPresent(s -> b.put("scope", StringValue.of(s)));
    text(y, "title").ifPresent(s -> b.put("title", StringValue.of(s)));
    if (y.path("entrypoint").asBoolean(false)) {
      b.put("entrypoint", BooleanValue.TRUE);
    }
    text(y, "description").ifPresent(s -> b.put("description", StringValue.of(s)));
    JsonNode orgs = y.get("organizations");
    if (orgs != null && orgs.isArray() && orgs.size() > 0) {
      List<Value> list = new ArrayList<>();
      orgs.forEach(o -> list.add(StringValue.of(o.asText())));
      b.put("organizations", ArrayValue.of(list));
    }
    JsonNode rrs = y.get("related_resources");
    if (rrs != null && rrs.isArray() && rrs.size() > 0) {
      List<Value> list = new ArrayList<>();
      rrs.forEach(r -> list.add(relatedResource(r)));
      b.put("related_resources", ArrayValue.of(list));
    }
    JsonNode authors = y.get("authors");
    if (authors != null && authors.isArray() && authors.size() > 0) {
      List<Value> list = new ArrayList<>();
      authors.forEach(a -> list.add(author(a)));
      b.put("authors", ArrayValue.of(list));
    }
    JsonNode schemas = y.get("schemas");
    if (schemas != null && schemas.isArray() && schemas.size() > 0) {
      List<Value> list = new ArrayList<>();
      schemas.forEach(s -> list.add(schema(s)));
      b.put("schemas", ArrayValue.of(list));
    }
    for (String key : List.of("custom", "labels")) {
      JsonNode m = y.get(key);
      if (m != null && m.isObject() && m.size() > 0) {
        b.put(key, JsonValues.fromJson(m));
      }
    }
    return b.build();
  }

  private static java.util.Optional<String> text(JsonNode y, String key) {
    JsonNode v = y.get(key);
    return v == null || v.isNull() || v.asText().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(v.asText());
  }

  private static Value relatedResource(JsonNode r) {
    if (r.isTextual()) {
      if (r.asText().isEmpty()) {
        throw new IllegalArgumentException("invalid related-resource definition : ref URL may not be empty string");
      }
      return ObjectValue.builder().put("ref", StringValue.of(r.asText())).build();
    }
    if (r.isObject()) {
      String ref = r.path("ref").asText("").strip();
      String description = r.path("description").asText("").strip();
      if (ref.isEmpty()) {
        throw new IllegalArgumentException("invalid related-resource definition " + goMap(r) + ": 'ref' value required in object");
      }
      ObjectValue.Builder o = ObjectValue.builder().put("ref", StringValue.of(ref));
      if (!description.isEmpty()) {
        o.put("description", StringValue.of(description));
      }
      return o.build();
    }
    throw new IllegalArgumentException("invalid related-resource definition " + r.asText() + ": invalid value type, must be string or map");
  }

  /** "Jane Doe <jane@example.com>" or {name, email}. */
  private static Value author(JsonNode a) {
    String name;
    String email = "";
    if (a.isTextual()) {
      String[] parts = a.asText().strip().split("\\s+");
      if (a.asText().isBlank()) {
        throw new IllegalArgumentException("invalid author definition : author is an empty string");
      }
      int n = parts.length;
      String last = parts[n - 1];
      if (last.length() >= 2 && last.startsWith("<") && last.endsWith(">")) {
        email = last.substring(1, last.length() - 1);
        n--;
      }
      name = String.join(" ", java.util.Arrays.copyOf(parts, n));
    } else if (a.isObject()) {
      name = a.path("name").asText("").strip();
      email = a.path("email").asText("").strip();
      if (name.isEmpty() && email.isEmpty()) {
        throw new IllegalArgumentException("invalid author definition " + goMap(a) + ": 'name' and/or 'email' values required in object");
      }
    } else {
      throw new IllegalArgumentException("invalid author definition " + a.asText() + ": invalid value type, must be string or map");
    }
    ObjectValue.Builder o = ObjectValue.builder().put("name", StringValue.of(name));
    if (!email.isEmpty()) {
      o.put("email", StringValue.of(email));
    }
    return o.build();
  }

  /** {@code - input: schema.input} or {@code - data.x: {inline schema}}. */
  private static Value schema(JsonNode pair) {
    Iterator<Map.Entry<String, JsonNode>> it = pair.fields();
    if (!it.hasNext()) {
      throw new IllegalArgumentException("invalid document reference");
    }
    Map.Entry<String, JsonNode> e = it.next();
    ObjectValue.Builder o = ObjectValue.builder().put("path", refArray(e.getKey(), "invalid document reference"));
    JsonNode v = e.getValue();
    if (v.isTextual()) {
      Value ref = refArray(v.asText(), "invalid schema reference");
      if (!(((ArrayValue) ref).size() > 0 && ((ArrayValue) ref).get(0).equals(StringValue.of("schema")))) {
        throw new IllegalArgumentException("invalid schema reference");
      }
      o.put("schema", ref);
    } else if (v.isObject()) {
      o.put("definition", JsonValues.fromJson(v));
    } else {
      throw new IllegalArgumentException("invalid schema declaration for path \"" + e.getKey() + "\"");
    }
    return o.build();
  }

  /** A dotted reference ({@code data.a["b c"]}) as an array of its segments. */
  private static Value refArray(String text, String error) {
    List<Value> parts = new ArrayList<>();
    try {
      dev.gavel.rego.ast.Term t = RegoParser.parseTerm("annotation", text);
      if (t instanceof dev.gavel.rego.ast.Term.Var v) {
        parts.add(StringValue.of(v.name()));
      } else if (t instanceof dev.gavel.rego.ast.Term.Ref r && r.head() instanceof dev.gavel.rego.ast.Term.Var hv) {
        parts.add(StringValue.of(hv.name()));
        for (dev.gavel.rego.ast.Term p : r.path()) {
          if (!(p instanceof dev.gavel.rego.ast.Term.Scalar s)) {
            throw new IllegalArgumentException(error);
          }
          parts.add(s.value());
        }
      } else {
        throw new IllegalArgumentException(error);
      }
    } catch (RegoException e) {
      throw new IllegalArgumentException(error);
    }
    return ArrayValue.of(parts);
  }

  /** Go's %v of a map: map[k:v ...]. */
  private static String goMap(JsonNode m) {
    StringBuilder sb = new StringBuilder("map[");
    List<String> keys = new ArrayList<>();
    m.fieldNames().forEachRemaining(keys::add);
    java.util.Collections.sort(keys);
    for (int i = 0; i < keys.size(); i++) {
      sb.append(i > 0 ? " " : "").append(keys.get(i)).append(':').append(m.get(keys.get(i)).asText());
    }
    return sb.append(']').toString();
  }
}
