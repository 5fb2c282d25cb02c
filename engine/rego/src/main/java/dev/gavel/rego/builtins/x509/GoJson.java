package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * Values as Go's encoding/json writes Go's x509 types, which is what OPA hands to policies: byte
 * slices as base64 (nil as null), nil slices as null, OIDs as arrays of numbers, big integers as
 * numbers, times in RFC 3339.
 */
final class GoJson {
  private GoJson() {}

  static Value bytes(byte[] b) {
    return b == null ? NullValue.INSTANCE : StringValue.of(Base64.getEncoder().encodeToString(b));
  }

  /** A Go slice: null when nil (absent), else an array. */
  static Value list(List<? extends Value> items) {
    return items == null ? NullValue.INSTANCE : ArrayValue.of(items);
  }

  static Value strings(List<String> items) {
    return items == null ? NullValue.INSTANCE : ArrayValue.of(items.stream().map(s -> (Value) StringValue.of(s)).toList());
  }

  static Value oid(List<Long> arcs) {
    return ArrayValue.of(arcs.stream().map(a -> (Value) NumberValue.of(a)).toList());
  }

  static Value time(Instant t) {
    return StringValue.of(DateTimeFormatter.ISO_INSTANT.format(t));
  }
}
