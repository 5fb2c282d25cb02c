package dev.gavel.rego.builtins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gavel.json.Json;
import dev.gavel.json.Yaml;
import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** base64, base64url, hex, urlquery, json and yaml (un)marshalling. */
public final class EncodingBuiltins implements BuiltinFamily {
  private static final Type S = Type.STRING;
  /** Writing only: YAML is read with dev.gavel.json.Yaml (aliases, duplicate keys, exact numbers). */
  private static final YAMLMapper YAML_WRITER = new YAMLMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

  @Override
  public void register(BuiltinRegistry r) {
    str(r, "base64.encode", s -> Base64.getEncoder().encodeToString(bytes(s)));
    str(r, "base64.decode", s -> utf8(decode(Base64.getDecoder(), s)));
    r.register(BuiltinDecl.of("base64.is_valid", Type.BOOLEAN, Param.of("x", S)), (ctx, a) -> {
      try {
        Base64.getDecoder().decode(((StringValue) a.get(0)).value());
        return BooleanValue.TRUE;
      } catch (IllegalArgumentException e) {
        return BooleanValue.FALSE;
      }
    });
    str(r, "base64url.encode", s -> Base64.getUrlEncoder().encodeToString(bytes(s)));
    str(r, "base64url.encode_no_pad", s -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(s)));
    str(r, "base64url.decode", s -> utf8(decode(Base64.getUrlDecoder(), s)));
    str(r, "hex.encode", s -> HexFormat.of().formatHex(bytes(s)));
    str(r, "hex.decode", s -> utf8(hexDecode(bytes(s))));
    str(r, "urlquery.encode", s -> URLEncoder.encode(s, StandardCharsets.UTF_8));
    str(r, "urlquery.decode", s -> {
      try {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new BuiltinException("invalid URL escape: " + e.getMessage());
      }
    });
    r.register(BuiltinDecl.of("urlquery.encode_object", S, Param.of("object", Type.objectOf(S, Type.anyOf(S, Type.arrayOf(S), Type.setOf(S))))),
        (ctx, a) -> StringValue.of(encodeObject((ObjectValue) a.get(0))));
    r.register(BuiltinDecl.of("urlquery.decode_object", Type.objectOf(S, Type.arrayOf(S)), Param.of("x", S)),
        (ctx, a) -> decodeObject(((StringValue) a.get(0)).value()));
    r.register(BuiltinDecl.of("json.marshal", S, Param.of("x", Type.ANY)), (ctx, a) -> StringValue.of(JsonValues.write(a.get(0))));
    r.register(BuiltinDecl.of("json.marshal_with_options", S, Param.of("x", Type.ANY), Param.of("opts", Type.object(java.util.List.of(Type.property("indent", S), Type.property("prefix", S),
            Type.property("pretty", Type.BOOLEAN)), S, Type.ANY))),
        (ctx, a) -> {
          ObjectValue o = (ObjectValue) a.get(1);
          int idx = 0;
          for (Value k : o.keys()) {
            if (!(k instanceof StringValue key)) {
              throw new BuiltinException("operand 2 failed to stringify key " + k + " at index " + idx
                  + ": operand " + idx + " must be string but got " + k.typeName(), true);
            }
            if (!key.value().equals("prefix") && !key.value().equals("indent") && !key.value().equals("pretty")) {
              throw new BuiltinException("operand 2 object contained unknown key " + JsonValues.write(key), true);
            }
            idx++;
          }
          Value pretty = o.get("pretty");
          Value indent = o.get("indent");
          Value prefix = o.get("prefix");
          boolean isPretty = BooleanValue.TRUE.equals(pretty) || (pretty == null && (indent != null || prefix != null));
          if (!isPretty) {
            return StringValue.of(JsonValues.write(a.get(0)));
          }
          String ind = indent instanceof StringValue s ? s.value() : "\t";
          String pre = prefix instanceof StringValue s ? s.value() : "";
          // Go's MarshalIndent does not prefix the first line; OPA adds it.
          return StringValue.of(pre + indentJson(JsonValues.toJson(a.get(0)), ind, pre, ""));
        });
    r.register(BuiltinDecl.of("json.unmarshal", Type.ANY, Param.of("x", S)), (ctx, a) -> {
      try {
        return charged(ctx, JsonValues.MAPPER.readTree(((StringValue) a.get(0)).value()));
      } catch (JsonProcessingException e) {
        throw new BuiltinException(e.getOriginalMessage());
      }
    });
    r.register(BuiltinDecl.of("json.is_valid", Type.BOOLEAN, Param.of("x", S).unchecked()), (ctx, a) -> {
      if (!(a.get(0) instanceof StringValue)) {
        return BooleanValue.FALSE;
      }
      try {
        JsonValues.parse(((StringValue) a.get(0)).value());
        return BooleanValue.TRUE;
      } catch (JsonProcessingException e) {
        return BooleanValue.FALSE;
      }
    });
    r.register(BuiltinDecl.of("yaml.marshal", S, Param.of("x", Type.ANY)), (ctx, a) -> {
      try {
        return StringValue.of(YAML_WRITER.writeValueAsString(JsonValues.toJson(a.get(0))));
      } catch (JsonProcessingException e) {
        throw new BuiltinException(e.getOriginalMessage());
      }
    });
    r.register(BuiltinDecl.of("yaml.unmarshal", Type.ANY, Param.of("x", S)), (ctx, a) -> {
      // The first document, the rest unread, as Go's yaml.Unmarshal (go-yaml v2, under OPA
      // v1.20) reads it; aliases resolved, their expansion bounded by the reader before anything
      // is charged here. Syntax errors are worded as go-yaml words them.
      try {
        return charged(ctx, Yaml.reader().readFirstDocument(((StringValue) a.get(0)).value()));
      } catch (Json.ParseException e) {
        throw new BuiltinException(GoYamlErrors.translate(e));
      }
    });
    r.register(BuiltinDecl.of("yaml.is_valid", Type.BOOLEAN, Param.of("x", S).unchecked()), (ctx, a) -> {
      if (!(a.get(0) instanceof StringValue)) {
        return BooleanValue.FALSE;
      }
      // Every document of the stream must parse, as with Go's decoder; reading only the first
      // would accept content the parser never reached.
      try {
        Yaml.reader().readDocuments(((StringValue) a.get(0)).value());
        return BooleanValue.TRUE;
      } catch (Json.ParseException e) {
        return BooleanValue.FALSE;
      }
    });
  }

  /**
   * A parsed document as a value, its nodes charged to the element budget first. The tree is
   * already bounded by the text (and, for YAML, by the alias limit); the charge makes unmarshalling
   * in a loop count like any other allocation.
   */
  private static Value charged(BuiltinContext ctx, JsonNode doc) {
    long nodes = 0;
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(doc);
    while (!todo.isEmpty()) {
      JsonNode n = todo.pop();
      nodes++;
      if (n.isBigDecimal()) {
        checkExponent(n.decimalValue());
      }
      n.forEach(todo::push);
    }
    ctx.charge(nodes);
    return JsonValues.fromJson(doc);
  }

  /**
   * OPA refuses numbers whose binary exponent is beyond ±100000 ("invalid number: number too
   * big"): their decimal rendering would cost too much.
   */
  static void checkExponent(java.math.BigDecimal d) {
    if (d.signum() == 0) {
      return;
    }
    long decimalExponent = (long) d.precision() - d.scale() - 1;
    double lead = Double.parseDouble(d.unscaledValue().abs().toString().substring(0, Math.min(15, d.precision()))
        .replaceFirst("^(\\d)", "$1."));
    double binaryExponent = Math.floor((decimalExponent + Math.log10(lead)) / Math.log10(2)) + 1;
    if (binaryExponent > 100_000 || binaryExponent < -100_000) {
      throw new BuiltinException("invalid number: number too big");
    }
  }

  private interface StringOp {
    String apply(String s);
  }

  private static void str(BuiltinRegistry r, String name, StringOp op) {
    r.register(BuiltinDecl.of(name, S, Param.of("x", S)), (ctx, a) -> StringValue.of(op.apply(((StringValue) a.get(0)).value())));
  }

  /** Go's hex.DecodeString, with its error messages (pairs checked left to right, then the length). */
  static byte[] hexDecode(byte[] src) {
    byte[] out = new byte[src.length / 2];
    int j = 1;
    for (; j < src.length; j += 2) {
      int a = Character.digit(src[j - 1] & 0xff, 16);
      int b = Character.digit(src[j] & 0xff, 16);
      if (a < 0 || (src[j - 1] & 0xff) > 'f') {
        throw invalidHexByte(src[j - 1]);
      }
      if (b < 0 || (src[j] & 0xff) > 'f') {
        throw invalidHexByte(src[j]);
      }
      out[j / 2] = (byte) (a << 4 | b);
    }
    if (src.length % 2 == 1) {
      if (Character.digit(src[j - 1] & 0xff, 16) < 0 || (src[j - 1] & 0xff) > 'f') {
        throw invalidHexByte(src[j - 1]);
      }
      throw new BuiltinException("encoding/hex: odd length hex string");
    }
    return out;
  }

  private static BuiltinException invalidHexByte(byte b) {
    return new BuiltinException("encoding/hex: invalid byte: " + GoText.unicodeVerb(b & 0xff));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] decode(Base64.Decoder d, String s) {
    try {
      return d.decode(s);
    } catch (IllegalArgumentException e) {
      throw new BuiltinException("illegal base64 data: " + e.getMessage());
    }
  }

  private static String encodeObject(ObjectValue o) {
    List<String> parts = new ArrayList<>();
    for (Value k : o.keys()) {
      String key = URLEncoder.encode(((StringValue) k).value(), StandardCharsets.UTF_8);
      Value v = o.get(k);
      List<Value> vals = v.isCollection() ? Operands.elements(1, v) : List.of(v);
      for (Value x : vals) {
        if (!(x instanceof StringValue s)) {
          throw new BuiltinException("encode_object: values must be strings, arrays or sets of strings");
        }
        parts.add(key + "=" + URLEncoder.encode(s.value(), StandardCharsets.UTF_8));
      }
    }
    return String.join("&", parts);
  }

  private static Value decodeObject(String q) {
    Map<String, List<Value>> out = new LinkedHashMap<>();
    for (String part : q.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(StringValue.of(v));
    }
    ObjectValue.Builder b = ObjectValue.builder();
    out.forEach((k, v) -> b.put(k, ArrayValue.of(v)));
    return b.build();
  }

  /** Go's json.MarshalIndent layout: each element on its own line, prefix before every line but the first. */
  private static String indentJson(JsonNode n, String indent, String prefix, String cur) {
    if (n.isArray() && n.size() > 0) {
      StringBuilder sb = new StringBuilder("[\n");
      for (int i = 0; i < n.size(); i++) {
        sb.append(prefix).append(cur).append(indent).append(indentJson(n.get(i), indent, prefix, cur + indent));
        sb.append(i + 1 < n.size() ? ",\n" : "\n");
      }
      return sb.append(prefix).append(cur).append(']').toString();
    }
    if (n.isObject() && n.size() > 0) {
      StringBuilder sb = new StringBuilder("{\n");
      var it = n.fields();
      while (it.hasNext()) {
        var e = it.next();
        sb.append(prefix).append(cur).append(indent).append(JsonValues.write(StringValue.of(e.getKey()))).append(": ")
            .append(indentJson(e.getValue(), indent, prefix, cur + indent));
        sb.append(it.hasNext() ? ",\n" : "\n");
      }
      return sb.append(prefix).append(cur).append('}').toString();
    }
    return n.toString();
  }
}
