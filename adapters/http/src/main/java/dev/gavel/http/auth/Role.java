package dev.gavel.http.auth;

import java.util.Arrays;
import java.util.Optional;

/** The roles of DESIGN 3.8; each identity (token, OIDC subject, client certificate) holds one or more. */
public enum Role {
  /** Asks for decisions (as its own requester identity), queries the Data API, reads its own decisions. */
  PIPELINE("pipeline"),
  /** Policy approvals, activation, impact; reads decisions. */
  BOARD("board"),
  /** Reads decisions, the ledger, exports and /metrics. */
  AUDITOR("auditor"),
  /** Revocations. */
  RISK_OFFICER("risk-officer"),
  /** Tokens, keys, configuration, /metrics. */
  ADMIN("admin");

  private final String wire;

  Role(String wire) {
    this.wire = wire;
  }

  /** The name used in tokens, configuration and README. */
  public String wire() {
    return wire;
  }

  public static Optional<Role> parse(String s) {
    return Arrays.stream(values()).filter(r -> r.wire.equals(s)).findFirst();
  }

  /** The role named {@code s}; IllegalArgumentException listing the roles otherwise. */
  public static Role require(String s) {
    return parse(s).orElseThrow(() -> new IllegalArgumentException("unknown role '" + s + "' (roles: pipeline, board, auditor, "
        + "risk-officer, admin)"));
  }

  @Override
  public String toString() {
    return wire;
  }
}
