package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;

/** A stored entry as callers look it up: its index, timestamp, type and payload. */
public record LedgerRecord(long index, String timestamp, String type, JsonNode payload) {}
