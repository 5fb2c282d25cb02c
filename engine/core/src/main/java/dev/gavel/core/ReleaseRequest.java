package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * A validated release request: the original JSON (what policies see as input) and the fields the
 * gate itself needs. Build one with {@link ReleaseRequestParser}.
 */
public record ReleaseRequest(JsonNode json, String requesterId, String model, String version, String riskTier,
    String environment, List<Artifact> artifacts) {

  public ReleaseRequest {
    Objects.requireNonNull(json, "json");
    artifacts = List.copyOf(artifacts);
  }

  /** The input document policies see: this request plus the facts verified in Java as {@code verified}. */
  public com.fasterxml.jackson.databind.node.ObjectNode policyInput(com.fasterxml.jackson.databind.node.ObjectNode verified) {
    com.fasterxml.jackson.databind.node.ObjectNode input = ((com.fasterxml.jackson.databind.node.ObjectNode) json).deepCopy();
    input.set("verified", verified);
    return input;
  }

  /** A released file, identified by its sha256 digest. */
  public record Artifact(String name, String sha256) {}
}
