package dev.gavel.rego.builtins;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import dev.gavel.rego.value.ValueText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * json.patch: RFC 6902 operations (add, remove, replace, move, copy, test) applied in order to
 * any Rego value, as OPA applies them. Paths are JSON pointers ({@code /a/0}, {@code ~0} and
 * {@code ~1} escapes) or arrays of segments; inside a set a segment names the member itself;
 * {@code -} is the end of an array. Values are immutable, so each operation rebuilds the spine
 * from the root to the changed node. A patch that deletes the whole document leaves nothing
 * (the call is undefined). Errors are OPA's.
 */
final class JsonPatch {
  private JsonPatch() {}

  /** The patched document, or null when the patch removed the document itself. */
  static Value apply(Value doc, ArrayValue ops) {
    Value cur = doc;
    for (Value opv : ops.elements()) {
      if (!(opv instanceof ObjectValue op)) {
        throw new BuiltinException("must be an array of JSON-Patch objects, but at least one element is not an object");
      }
      if (op.get("path") == null) {
        throw new BuiltinException("missing required attribute 'path'");
      }
      Value name = op.get("op");
      if (name == null) {
        throw new BuiltinException("missing required attribute 'op'");
      }
      if (!(name instanceof StringValue opName)) {
        throw new BuiltinException("attribute 'op' must be a string but found: " + name.typeName());
      }
      List<Value> path = path(op.get("path"));
      cur = switch (opName.value()) {
        case "add" -> insert(cur, path, required(op, "value"));
        case "remove" -> delete(cur, path);
        case "replace" -> {
          Value removed = delete(cur, path);
          yield insert(removed, path, required(op, "value"));
        }
        case "move" -> {
          List<Value> from = path(required(op, "from"));
          Value chunk = render(cur, from);
          yield insert(delete(cur, from), path, chunk);
        }
        case "copy" -> insert(cur, path, render(cur, path(required(op, "from"))));
        case "test" -> {
          Value chunk = render(cur, path);
          Value want = required(op, "value");
          if (!chunk.equals(want)) {
            throw new BuiltinException("value from EditTree != patch value.\n\nExpected: " + ValueText.rego(want)
                + "\n\nFound: " + ValueText.rego(chunk));
          }
          yield cur;
        }
        default -> throw new BuiltinException("unrecognized op: '" + opName.value() + "'");
      };
    }
    return cur;
  }

  private static Value required(ObjectValue op, String key) {
    Value v = op.get(key);
    if (v == null) {
      throw new BuiltinException("missing required attribute '" + key + "'");
    }
    return v;
  }

  private static List<Value> path(Value p) {
    if (p instanceof StringValue s) {
      if (s.value().isEmpty()) {
        return List.of();
      }
      String trimmed = s.value().replaceFirst("^/+", "");
      List<Value> out = new ArrayList<>();
      for (String part : trimmed.split("/", -1)) {
        out.add(StringValue.of(part.replace("~1", "/").replace("~0", "~")));
      }
      return out;
    }
    if (p instanceof ArrayValue a) {
      return a.elements();
    }
    throw new BuiltinException("operand 2 must be one of {set, array} containing string paths or array of path segments but got "
        + p.typeName(), true);
  }

  /** A document that an earlier operation removed: OPA's wording depends on how deep the path goes. */
  private static void requirePresent(Value root, List<Value> path, String operation) {
    if (root == null) {
      throw new BuiltinException(path.size() == 1 ? "deleted node encountered during " + operation + " operation"
          : "nil value encountered where composite value was expected");
    }
  }

  /** The value at {@code path}, with OPA's errors for a path that does not exist. */
  private static Value render(Value root, List<Value> path) {
    Value cur = root;
    for (Value key : path) {
      if (cur == null) {
        throw new BuiltinException("nil value encountered where composite value was expected");
      }
      cur = child(cur, key);
    }
    return cur;
  }

  private static Value child(Value v, Value key) {
    if (v instanceof ObjectValue o) {
      Value c = o.get(key);
      if (c == null) {
        throw new BuiltinException("path " + ValueText.rego(key) + " does not exist in object term " + ValueText.rego(o));
      }
      return c;
    }
    if (v instanceof SetValue s) {
      if (!s.contains(key)) {
        throw new BuiltinException("path " + ValueText.rego(key) + " does not exist in set term " + ValueText.rego(s));
      }
      return key;
    }
    if (v instanceof ArrayValue a) {
      int i = index(a.size(), key);
      if (i < 0 || i >= a.size()) {
        throw new BuiltinException("path " + i + " does not exist in array term " + ValueText.rego(a));
      }
      return a.get(i);
    }
    throw new BuiltinException("expected composite type for path " + ValueText.rego(key) + ", found value: "
        + ValueText.rego(v) + " (type: " + goType(v) + ")");
  }

  private static Value insert(Value root, List<Value> path, Value value) {
    if (path.isEmpty()) {
      return value;
    }
    requirePresent(root, path, "insert");
    return insertBelow(root, path, 0, value);
  }

  private static Value insertBelow(Value node, List<Value> path, int depth, Value value) {
    Value key = path.get(depth);
    if (depth < path.size() - 1) {
      Value updated = insertBelow(child(node, key), path, depth + 1, value);
      return replaceChild(node, key, updated);
    }
    if (node instanceof ObjectValue o) {
      return with(o, key, value);
    }
    if (node instanceof SetValue s) {
      if (!key.equals(value)) {
        throw new BuiltinException("set key " + ValueText.rego(key) + " does not equal value to be inserted " + ValueText.rego(value));
      }
      Set<Value> out = new LinkedHashSet<>(s.elements());
      out.add(value);
      return SetValue.of(out);
    }
    if (node instanceof ArrayValue a) {
      int i = index(a.size(), key);
      if (i < 0 || i > a.size()) {
        throw new BuiltinException("index for array insertion out of bounds");
      }
      List<Value> out = new ArrayList<>(a.elements());
      out.add(i, value);
      return ArrayValue.of(out);
    }
    throw new BuiltinException("expected composite type, found value: " + ValueText.rego(node) + " (type: " + goType(node) + ")");
  }

  private static Value delete(Value root, List<Value> path) {
    if (path.isEmpty()) {
      if (root == null) {
        throw new BuiltinException("deleted node encountered during delete operation");
      }
      return null;
    }
    requirePresent(root, path, "delete");
    return deleteBelow(root, path, 0);
  }

  private static Value deleteBelow(Value node, List<Value> path, int depth) {
    Value key = path.get(depth);
    if (depth < path.size() - 1) {
      return replaceChild(node, key, deleteBelow(child(node, key), path, depth + 1));
    }
    if (node instanceof ObjectValue o) {
      if (!o.containsKey(key)) {
        throw new BuiltinException("cannot delete child key " + ValueText.rego(key) + " that does not exist");
      }
      ObjectValue.Builder b = ObjectValue.builder();
      for (Value k : o.keys()) {
        if (!k.equals(key)) {
          b.put(k, o.get(k));
        }
      }
      return b.build();
    }
    if (node instanceof SetValue s) {
      if (!s.contains(key)) {
        throw new BuiltinException("cannot delete child key " + ValueText.rego(key) + " that does not exist");
      }
      Set<Value> out = new LinkedHashSet<>(s.elements());
      out.remove(key);
      return SetValue.of(out);
    }
    if (node instanceof ArrayValue a) {
      int i = index(a.size(), key);
      if (i < 0 || i > a.size() - 1) {
        throw new BuiltinException("index for array delete out of bounds");
      }
      List<Value> out = new ArrayList<>(a.elements());
      out.remove(i);
      return ArrayValue.of(out);
    }
    throw new BuiltinException("expected composite type, found value: " + ValueText.rego(node) + " (type: " + goType(node) + ")");
  }

  /** {@code node} with the child at {@code key} (which exists) replaced; a set member is replaced by its new value. */
  private static Value replaceChild(Value node, Value key, Value updated) {
    if (node instanceof ObjectValue o) {
      return with(o, key, updated);
    }
    if (node instanceof SetValue s) {
      Set<Value> out = new LinkedHashSet<>(s.elements());
      out.remove(key);
      out.add(updated);
      return SetValue.of(out);
    }
    ArrayValue a = (ArrayValue) node;
    List<Value> out = new ArrayList<>(a.elements());
    out.set(index(a.size(), key), updated);
    return ArrayValue.of(out);
  }

  private static ObjectValue with(ObjectValue o, Value key, Value value) {
    ObjectValue.Builder b = ObjectValue.builder();
    for (Value k : o.keys()) {
      b.put(k, o.get(k));
    }
    return b.put(key, value).build();
  }

  /** An array index from a number or a decimal string; {@code -} is the end of the array. */
  private static int index(int length, Value key) {
    if (key instanceof NumberValue n) {
      if (!n.isInteger() || n.asInt().isEmpty()) {
        throw new BuiltinException("invalid number type for indexing");
      }
      return n.asInt().getAsInt();
    }
    if (key instanceof StringValue s) {
      String t = s.value();
      if (t.equals("-")) {
        return length;
      }
      int i;
      try {
        i = Integer.parseInt(t);
      } catch (NumberFormatException e) {
        throw new BuiltinException("invalid string for indexing");
      }
      if (!t.equals("0") && t.startsWith("0")) {
        throw new BuiltinException("leading zeros are not allowed in JSON paths");
      }
      return i;
    }
    throw new BuiltinException("invalid type for indexing");
  }

  /** The Go type name OPA's messages show for a scalar. */
  private static String goType(Value v) {
    return switch (v.typeName()) {
      case "string" -> "ast.String";
      case "number" -> "ast.Number";
      case "boolean" -> "ast.Boolean";
      default -> "ast.Null";
    };
  }
}
