package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.JsonStrings;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A private certificate authority from {@code data.gavel.trust.certificateAuthorities}:
 * {@code {id, certificate: PEM, intermediates?: PEM, crls?: PEM, identities: [...], notAfter?,
 * revoked?}}. Signing certificates must chain to {@code certificate} (the trust anchor; the
 * bundle's own chain and {@code intermediates} may supply the certificates between), and name one
 * of the {@code identities}. {@code crls} (X509 CRL blocks) are the revocation data the board
 * supplies; nothing is fetched.
 */
public record CertificateAuthority(String id, X509Certificate certificate, List<X509Certificate> intermediates,
    List<X509CRL> crls, List<IdentityRule> identities, Instant notAfter, boolean revoked, String path) {
  static final String PATH = "data.gavel.trust.certificateAuthorities";
  private static final Set<String> FIELDS = Set.of("id", "certificate", "intermediates", "crls", "identities", "notAfter",
      "revoked");

  public CertificateAuthority {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(certificate, "certificate");
    intermediates = List.copyOf(intermediates);
    crls = List.copyOf(crls);
    identities = List.copyOf(identities);
  }

  /** Why this CA may not be relied on at {@code at}, or null when it may. */
  public String unusableAt(Instant at) {
    if (revoked) {
      return "certificate authority '" + id + "' is revoked in the trust data";
    }
    if (notAfter != null && at.isAfter(notAfter)) {
      return "certificate authority '" + id + "' is trusted only until " + notAfter;
    }
    return null;
  }

  static List<CertificateAuthority> parseList(JsonNode list) throws TrustDataException {
    List<CertificateAuthority> out = new ArrayList<>();
    if (list.isMissingNode() || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      throw new TrustDataException(PATH, "must be an array");
    }
    Map<String, Integer> ids = new HashMap<>();
    Map<String, Integer> anchors = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String at = PATH + "[" + i + "]";
      CertificateAuthority ca = parse(list.get(i), at);
      Integer first = ids.putIfAbsent(ca.id(), i);
      if (first != null) {
        throw new TrustDataException(at + ".id", "duplicate id '" + ca.id() + "' (also " + PATH + "[" + first + "])");
      }
      try {
        Integer same = anchors.putIfAbsent(Base64.getEncoder().encodeToString(ca.certificate().getEncoded()), i);
        if (same != null) {
          throw new TrustDataException(at + ".certificate", "the same certificate as " + PATH + "[" + same + "]: "
              + "a CA is listed once, under one id");
        }
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
      out.add(ca);
    }
    return out;
  }

  private static CertificateAuthority parse(JsonNode e, String at) throws TrustDataException {
    if (!e.isObject()) {
      throw new TrustDataException(at, "must be an object");
    }
    for (var it = e.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new TrustDataException(CanonicalForm.child(at, f), "unknown field (a certificate authority has " + FIELDS + ")");
      }
    }
    if (!e.path("id").isTextual() || e.path("id").asText().isEmpty() || JsonStrings.loneSurrogate(e.path("id").asText()) >= 0) {
      throw new TrustDataException(at + ".id", "must be a non-empty string");
    }
    List<X509Certificate> anchor = certificates(e.get("certificate"), at + ".certificate");
    if (anchor.size() != 1) {
      throw new TrustDataException(at + ".certificate", "must hold exactly one CERTIFICATE (the trust anchor); put the "
          + "certificates below it in intermediates");
    }
    List<X509Certificate> intermediates = e.has("intermediates") ? certificates(e.get("intermediates"), at + ".intermediates")
        : List.of();
    List<X509CRL> crls = List.of();
    if (e.has("crls")) {
      if (!e.get("crls").isTextual()) {
        throw new TrustDataException(at + ".crls", "must be a PEM string of X509 CRL blocks");
      }
      try {
        crls = X509Pem.crls(e.get("crls").asText());
      } catch (IllegalArgumentException ex) {
        throw new TrustDataException(at + ".crls", ex.getMessage());
      }
    }
    Instant notAfter = null;
    if (e.has("notAfter") && !e.get("notAfter").isNull()) {
      try {
        notAfter = Instant.parse(e.get("notAfter").asText());
      } catch (DateTimeParseException ex) {
        throw new TrustDataException(at + ".notAfter", "must be an RFC 3339 UTC time but got " + e.get("notAfter"));
      }
    }
    JsonNode revoked = e.path("revoked");
    if (!revoked.isMissingNode() && !revoked.isBoolean()) {
      throw new TrustDataException(at + ".revoked", "must be a boolean");
    }
    return new CertificateAuthority(e.get("id").asText(), anchor.get(0), intermediates, crls,
        IdentityRule.parseList(e.get("identities"), at + ".identities", false), notAfter, revoked.asBoolean(false), at);
  }

  private static List<X509Certificate> certificates(JsonNode n, String path) throws TrustDataException {
    if (n == null || !n.isTextual()) {
      throw new TrustDataException(path, "must be a PEM string of CERTIFICATE blocks");
    }
    try {
      return X509Pem.certificates(n.asText());
    } catch (IllegalArgumentException ex) {
      throw new TrustDataException(path, ex.getMessage());
    }
  }
}
