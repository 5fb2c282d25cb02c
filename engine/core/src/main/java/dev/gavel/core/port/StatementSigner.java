package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;

/** Signs an in-toto statement into a DSSE envelope with Gavel's key. */
@FunctionalInterface
public interface StatementSigner {
  JsonNode envelope(JsonNode statement);
}
