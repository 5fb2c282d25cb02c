package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.builtins.BuiltinException;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options object of crypto.x509.parse_and_verify_certificates_with_options, read as OPA reads
 * it: DNSName, CurrentTime (nanoseconds since the epoch; the evaluation's clock when absent),
 * KeyUsages (OPA's names for extended key usages) and MaxConstraintComparisons (accepted; the JDK
 * verifier has no such limit to set). Unknown options are errors.
 */
final class VerifyOptions {
  private static final Map<String, Integer> KEY_USAGES = Map.ofEntries(
      Map.entry("KeyUsageAny", 0), Map.entry("KeyUsageServerAuth", 1), Map.entry("KeyUsageClientAuth", 2),
      Map.entry("KeyUsageCodeSigning", 3), Map.entry("KeyUsageEmailProtection", 4), Map.entry("KeyUsageIPSECEndSystem", 5),
      Map.entry("KeyUsageIPSECTunnel", 6), Map.entry("KeyUsageIPSECUser", 7), Map.entry("KeyUsageTimeStamping", 8),
      Map.entry("KeyUsageOCSPSigning", 9), Map.entry("KeyUsageMicrosoftServerGatedCrypto", 10),
      Map.entry("KeyUsageNetscapeServerGatedCrypto", 11), Map.entry("KeyUsageMicrosoftCommercialCodeSigning", 12),
      Map.entry("KeyUsageMicrosoftKernelCodeSigning", 13));

  private VerifyOptions() {}

  static ChainVerifier.Options of(ObjectValue options, Instant now) {
    String dns = null;
    Instant at = now;
    List<Integer> usages = new ArrayList<>();
    for (Value k : options.keys()) {
      if (!(k instanceof StringValue key)) {
        continue;
      }
      Value v = options.get(k);
      switch (key.value()) {
        case "DNSName" -> {
          if (!(v instanceof StringValue s)) {
            throw new BuiltinException("'DNSName' should be a string");
          }
          dns = trimQuotes(s.value());
        }
        case "CurrentTime" -> {
          if (!(v instanceof NumberValue n)) {
            throw new BuiltinException("'CurrentTime' should be a number");
          }
          if (!n.isInteger() || n.value().toBigInteger().bitLength() > 63) {
            throw new BuiltinException("'CurrentTime' should be a valid int64 number");
          }
          long ns = n.value().longValueExact();
          at = Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
        }
        case "MaxConstraintComparisons" -> {
          if (!(v instanceof NumberValue n)) {
            throw new BuiltinException("'MaxConstraintComparisons' should be a number");
          }
          if (!n.isInteger() || n.asInt().isEmpty()) {
            throw new BuiltinException("'MaxConstraintComparisons' should be a valid number");
          }
        }
        case "KeyUsages" -> {
          List<Value> items;
          if (v instanceof ArrayValue arr) {
            items = arr.elements();
          } else if (v instanceof SetValue set) {
            items = set.elements();
          } else {
            throw new BuiltinException("'KeyUsages' should be an Array or Set");
          }
          List<String> invalid = new ArrayList<>();
          for (Value item : items) {
            if (item instanceof StringValue s) {
              String name = trimQuotes(s.value());
              Integer u = KEY_USAGES.get(name);
              if (u == null) {
                invalid.add(name);
              } else {
                usages.add(u);
              }
            }
          }
          if (!invalid.isEmpty()) {
            throw new BuiltinException("invalid entries for 'KeyUsages' found: [" + String.join(" ", invalid) + "]");
          }
        }
        default -> throw new BuiltinException("invalid key option");
      }
    }
    return new ChainVerifier.Options(dns, at, usages);
  }

  private static String trimQuotes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '"') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '"') {
      to--;
    }
    return s.substring(from, to);
  }
}
