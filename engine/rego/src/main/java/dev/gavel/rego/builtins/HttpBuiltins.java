package dev.gavel.rego.builtins;

import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import dev.gavel.rego.value.ValueText;
import java.util.List;

/**
 * {@code http.send}: declared so that policies which call it compile and can be tested with
 * {@code with http.send as mock}, but the embedded engine is pure and performs no network I/O, so
 * a real call fails with a clear error (and therefore never allows by accident). The request is
 * validated first, as OPA validates it, so a malformed request reports what is wrong with it.
 */
public final class HttpBuiltins implements BuiltinFamily {
  /** The request keys OPA accepts. */
  static final List<String> ALLOWED_KEYS = List.of("method", "url", "body", "enable_redirect", "force_json_decode",
      "force_yaml_decode", "headers", "raw_body", "tls_use_system_certs", "tls_ca_cert", "tls_ca_cert_file",
      "tls_ca_cert_env_variable", "tls_client_cert", "tls_client_cert_file", "tls_client_cert_env_variable",
      "tls_client_key", "tls_client_key_file", "tls_client_key_env_variable", "tls_insecure_skip_verify",
      "tls_server_name", "timeout", "cache", "force_cache", "force_cache_duration_seconds", "raise_error",
      "caching_mode", "max_retry_attempts", "cache_ignored_headers");

  @Override
  public void register(BuiltinRegistry r) {
    r.register(
        BuiltinDecl.of("http.send", Type.objectOf(Type.ANY, Type.ANY),
            BuiltinDecl.Param.of("request", Type.objectOf(Type.STRING, Type.ANY))).asNondeterministic(),
        (ctx, args) -> {
          validateRequest((ObjectValue) args.get(0), 1);
          throw new BuiltinException("network access is disabled in the embedded engine;"
              + " replace http.send with a mock (with http.send as ...) or evaluate with OPA");
        });
  }

  /** OPA's request checks: no unknown keys, and method and url present (operand errors). */
  static void validateRequest(ObjectValue request, int position) {
    SetValue.Builder invalid = SetValue.builder();
    for (Value k : request.keys()) {
      if (!(k instanceof StringValue s) || !ALLOWED_KEYS.contains(s.value())) {
        invalid.add(k);
      }
    }
    SetValue bad = invalid.build();
    if (bad.size() > 0) {
      throw new BuiltinException("operand " + position + " invalid request parameters(s): " + ValueText.rego(bad), true);
    }
    SetValue.Builder missing = SetValue.builder();
    for (String k : List.of("method", "url")) {
      if (request.get(k) == null) {
        missing.add(StringValue.of(k));
      }
    }
    SetValue absent = missing.build();
    if (absent.size() > 0) {
      throw new BuiltinException("operand " + position + " missing required request parameters(s): " + ValueText.rego(absent), true);
    }
  }
}
