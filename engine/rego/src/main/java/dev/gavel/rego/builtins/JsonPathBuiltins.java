package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** json.remove and json.filter over paths given as "a/b/0" strings or ["a", "b", 0] arrays. */
public final class JsonPathBuiltins implements BuiltinFamily {
  private static final Type OBJECT = Type.objectOf(Type.ANY, Type.ANY);
  /** Paths as slash-separated strings or arrays of segments. */
  private static final Type PATH = Type.anyOf(Type.STRING, Type.arrayOf(Type.ANY));
  private static final Type PATHS = Type.anyOf(Type.setOf(PATH), Type.arrayOf(PATH));

  /** A trie of paths; a terminal node covers everything below it. */
  private static final class Node {
    final Map<String, Node> children = new LinkedHashMap<>();
    boolean terminal;
  }

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("json.remove", OBJECT, Param.of("object", OBJECT), Param.of("paths", PATHS).described("set", "array")),
        (ctx, a) -> remove(a.get(0), trie(a.get(1))));
    r.register(BuiltinDecl.of("json.filter", OBJECT, Param.of("object", OBJECT), Param.of("paths", PATHS).described("set", "array")),
        (ctx, a) -> {
          Node t = trie(a.get(1));
          Value v = filter(a.get(0), t);
          return v == null ? ObjectValue.EMPTY : v;
        });
    Type operation = Type.object(java.util.List.of(Type.property("op", Type.STRING), Type.property("path", Type.ANY)),
        Type.ANY, Type.ANY);
    r.register(BuiltinDecl.of("json.patch", Type.ANY, Param.of("object", Type.ANY), Param.of("patches", Type.arrayOf(operation))),
        (ctx, a) -> JsonPatch.apply(a.get(0), (dev.gavel.rego.value.ArrayValue) a.get(1)));
  }

  private static Node trie(Value paths) {
    Node root = new Node();
    for (Value p : Operands.elements(2, paths)) {
      List<String> segs = new ArrayList<>();
      if (p instanceof StringValue s) {
        String text = s.value().startsWith("/") ? s.value().substring(1) : s.value();
        for (String seg : text.split("/", -1)) {
          segs.add(seg.replace("~1", "/").replace("~0", "~"));
        }
      } else if (p instanceof ArrayValue arr) {
        for (Value seg : arr.elements()) {
          segs.add(seg instanceof StringValue ss ? ss.value() : seg.toString());
        }
      } else {
        throw BuiltinException.operand(2, "one of {set, array} containing string paths or array of path segments", p.typeName());
      }
      Node n = root;
      for (String seg : segs) {
        n = n.children.computeIfAbsent(seg, k -> new Node());
      }
      n.terminal = true;
    }
    return root;
  }

  private static Value remove(Value v, Node t) {
    if (v instanceof ObjectValue o) {
      ObjectValue.Builder b = ObjectValue.builder();
      for (Value k : o.keys()) {
        Node c = t.children.get(key(k));
        if (c == null) {
          b.put(k, o.get(k));
        } else if (!c.terminal) {
          b.put(k, remove(o.get(k), c));
        }
      }
      return b.build();
    }
    if (v instanceof ArrayValue a) {
      List<Value> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        Node c = t.children.get(Integer.toString(i));
        if (c == null) {
          out.add(a.get(i));
        } else if (!c.terminal) {
          out.add(remove(a.get(i), c));
        }
      }
      return ArrayValue.of(out);
    }
    return v;
  }

  /** The parts of v the trie selects, or null when none. */
  private static Value filter(Value v, Node t) {
    if (t.terminal) {
      return v;
    }
    if (v instanceof ObjectValue o) {
      ObjectValue.Builder b = ObjectValue.builder();
      for (Value k : o.keys()) {
        Node c = t.children.get(key(k));
        if (c != null) {
          Value f = filter(o.get(k), c);
          if (f != null) {
            b.put(k, f);
          }
        }
      }
      return b.build();
    }
    if (v instanceof ArrayValue a) {
      List<Value> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        Node c = t.children.get(Integer.toString(i));
        if (c != null) {
          Value f = filter(a.get(i), c);
          if (f != null) {
            out.add(f);
          }
        }
      }
      return ArrayValue.of(out);
    }
    return null;
  }

  private static String key(Value k) {
    if (k instanceof StringValue s) {
      return s.value();
    }
    if (k instanceof NumberValue n) {
      return n.toString();
    }
    return k.toString();
  }
}
