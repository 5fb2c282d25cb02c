package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;

/** The value of the decision query ({@code null} when undefined) at a policy revision. */
public record PolicyOutcome(JsonNode decision, PolicyRevision revision) {}
