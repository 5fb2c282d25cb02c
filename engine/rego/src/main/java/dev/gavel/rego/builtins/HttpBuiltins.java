package dev.gavel.rego.builtins;

/**
 * {@code http.send}: declared so that policies which call it compile and can be tested with
 * {@code with http.send as mock}, but the embedded engine is pure and performs no network I/O, so
 * a real call fails with a clear error (and therefore never allows by accident).
 */
public final class HttpBuiltins implements BuiltinFamily {
  @Override
  public void register(BuiltinRegistry r) {
    r.register(
        BuiltinDecl.of("http.send", Type.objectOf(Type.STRING, Type.ANY),
            BuiltinDecl.Param.of("request", Type.objectOf(Type.STRING, Type.ANY))).asNondeterministic(),
        (ctx, args) -> {
          throw new BuiltinException("network access is disabled in the embedded engine;"
              + " replace http.send with a mock (with http.send as ...) or evaluate with OPA");
        });
  }
}
