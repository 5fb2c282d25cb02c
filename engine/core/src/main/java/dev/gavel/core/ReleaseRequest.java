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

  /** A released file, identified by its sha256 digest. */
  public record Artifact(String name, String sha256) {}
}
