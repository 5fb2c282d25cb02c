package dev.gavel.bundles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.json.Json;
import java.util.List;

/** A small policy, as a snapshot, for building bundles in tests. */
final class Fixtures {
  private Fixtures() {}

  static final String RELEASE = """
      # METADATA
      # title: Release gate
      # description: Decides releases.
      package gavel.release

      import rego.v1

      # METADATA
      # title: Deny unknown tiers
      # custom:
      #   severity: high
      deny contains "unknown tier" if not input.tier in data.gavel.tiers

      default allow := false

      allow if count(deny) == 0
      """;

  static final String LIB = """
      package lib.util

      double(x) := x * 2
      """;

  static JsonNode data() {
    try {
      return Json.read("{\"gavel\": {\"tiers\": [\"low\", \"high\"], \"limits\": {\"max\": 1.50, \"big\": 123456789012345678901234567890}},"
          + " \"lib\": {\"name\": \"caf\\u00e9 <&> \\u2028\"}}");
    } catch (Json.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  static PolicySnapshot snapshot() {
    return new PolicySnapshot(List.of(new PolicySnapshot.Module("policies/release/gate.rego", RELEASE),
        new PolicySnapshot.Module("policies/lib/util.rego", LIB)), data(), "sha256:feedface", "directory policies");
  }

  static byte[] bundle() throws BundleException {
    return BundleBuilder.build(snapshot(), "rev-1");
  }
}
