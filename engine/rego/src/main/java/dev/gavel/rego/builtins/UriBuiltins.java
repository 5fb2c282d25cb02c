package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;

/**
 * uri.parse and uri.is_valid: URI references as Go's net/url parses them ({@link GoUrl}). The
 * parsed object carries only the parts present: scheme, hostname, port, path with raw_path (the
 * path as written, always present with the path), raw_query and fragment.
 */
public final class UriBuiltins implements BuiltinFamily {
  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("uri.parse", Type.objectOf(Type.STRING, Type.STRING), Param.of("uri", Type.STRING)),
        (ctx, a) -> parsed(GoUrl.parse(((StringValue) a.get(0)).value())));
    r.register(BuiltinDecl.of("uri.is_valid", Type.BOOLEAN, Param.of("uri", Type.STRING).unchecked()), (ctx, a) -> {
      // The empty string is a valid relative reference, but OPA answers false for it.
      if (!(a.get(0) instanceof StringValue s) || s.value().isEmpty()) {
        return BooleanValue.FALSE;
      }
      try {
        GoUrl.parse(s.value());
        return BooleanValue.TRUE;
      } catch (BuiltinException e) {
        return BooleanValue.FALSE;
      }
    });
  }

  private static Value parsed(GoUrl u) {
    ObjectValue.Builder o = ObjectValue.builder();
    put(o, "scheme", u.scheme());
    put(o, "hostname", u.hostname());
    put(o, "port", u.port());
    if (!u.path().isEmpty()) {
      o.put("path", StringValue.of(u.path()));
      o.put("raw_path", StringValue.of(u.rawPath().isEmpty() ? u.path() : u.rawPath()));
    }
    put(o, "raw_query", u.rawQuery());
    put(o, "fragment", u.fragment());
    return o.build();
  }

  private static void put(ObjectValue.Builder o, String key, String value) {
    if (!value.isEmpty()) {
      o.put(key, StringValue.of(value));
    }
  }
}
