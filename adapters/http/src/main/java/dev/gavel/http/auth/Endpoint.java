package dev.gavel.http.auth;

import static dev.gavel.http.auth.Role.ADMIN;
import static dev.gavel.http.auth.Role.AUDITOR;
import static dev.gavel.http.auth.Role.BOARD;
import static dev.gavel.http.auth.Role.PIPELINE;
import static dev.gavel.http.auth.Role.RISK_OFFICER;

import java.util.EnumSet;
import java.util.Set;

/**
 * The RBAC table (DESIGN 3.8), the only place that says who may call what; README prints the same
 * table and {@code RbacMatrixTest} calls every cell over a socket. An endpoint with no roles is
 * anonymous. A request whose identity holds none of an endpoint's roles is answered 403 before
 * its body is read: nothing is evaluated or recorded. "Own" restrictions (a pipeline reads only
 * the decisions it asked for, and asks only as itself) are checked by the handlers.
 */
public enum Endpoint {
  HEALTH("GET /health, /health/live, /health/ready"),
  CHECKPOINT("GET /v1/ledger/checkpoint"),
  KEYS("GET /v1/keys"),
  CONSOLE("GET /, /console/*"),
  WHOAMI("GET /v1/whoami", PIPELINE, BOARD, AUDITOR, RISK_OFFICER, ADMIN),
  DECIDE("POST /v1/decisions", PIPELINE),
  DECISION("GET /v1/decisions/{id}", PIPELINE, BOARD, AUDITOR),
  DECISIONS("GET /v1/decisions", PIPELINE, BOARD, AUDITOR),
  ARTIFACT("GET /v1/artifacts/{sha256}", PIPELINE, BOARD, AUDITOR, RISK_OFFICER),
  REVOKE("POST /v1/revocations", RISK_OFFICER),
  LEDGER_ENTRIES("GET /v1/ledger/entries", AUDITOR),
  LEDGER_PROOF("GET /v1/ledger/proof", AUDITOR),
  LEDGER_CONSISTENCY("GET /v1/ledger/consistency", AUDITOR),
  LEDGER_EXPORT("GET /v1/ledger/export", AUDITOR),
  DATA("POST|GET /v1/data/{path}", PIPELINE),
  POLICY("GET /v1/policy", BOARD, AUDITOR),
  POLICY_APPROVE("POST /v1/policy/approvals", BOARD),
  POLICY_ACTIVATE("POST /v1/policy/activate", BOARD),
  POLICY_IMPACT("GET /v1/policy/impact", BOARD),
  POLICY_PENDING("GET /v1/policy/pending", BOARD, AUDITOR),
  BUNDLE("GET /bundles/{name}.tar.gz", PIPELINE, BOARD, AUDITOR),
  METRICS("GET /metrics", AUDITOR, ADMIN),
  TOKENS("GET /v1/tokens", ADMIN),
  TOKEN_CREATE("POST /v1/tokens", ADMIN),
  TOKEN_REVOKE("DELETE /v1/tokens/{id}", ADMIN);

  private final String route;
  private final Set<Role> roles;

  Endpoint(String route, Role... roles) {
    this.route = route;
    this.roles = roles.length == 0 ? Set.of() : Set.copyOf(EnumSet.of(roles[0], roles));
  }

  /** The method and path as README shows them. */
  public String route() {
    return route;
  }

  public Set<Role> roles() {
    return roles;
  }

  public boolean anonymous() {
    return roles.isEmpty();
  }

  /** Whether {@code p} may call this endpoint at all. */
  public boolean allows(Principal p) {
    return anonymous() || p.roles().stream().anyMatch(roles::contains);
  }

  /** Whether {@code p} may call it only in its pipeline role (and so only for its own identity). */
  public boolean onlyAsPipeline(Principal p) {
    return p.roles().stream().filter(roles::contains).allMatch(r -> r == PIPELINE);
  }
}
