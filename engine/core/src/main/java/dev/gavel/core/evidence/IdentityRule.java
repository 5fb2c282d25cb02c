package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.gavel.json.JsonStrings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * An allowed signer identity, as {@code cosign verify --certificate-identity[-regexp]
 * --certificate-oidc-issuer} takes it: {@code {issuer, subject}} or {@code {issuer,
 * subjectPattern}}. For Sigstore keyless the subject is the certificate's SAN (e-mail or URI) and
 * the issuer its Fulcio OIDC-issuer extension; for a private CA ({@code issuer} absent) the subject
 * is the certificate's subject DN (RFC 2253) or any of its SANs.
 *
 * <p>{@code subjectPattern} is RE2 (re2j, linear time) and must match the <em>whole</em> subject,
 * unlike cosign's unanchored match: {@code .*@example\.com} does not also accept
 * {@code x@example.com.evil.test}.
 */
public record IdentityRule(String issuer, String subject, Pattern subjectPattern) {
  public IdentityRule {
    if ((subject == null) == (subjectPattern == null)) {
      throw new IllegalArgumentException("exactly one of subject and subjectPattern");
    }
  }

  /** True when {@code certIssuer} is this rule's issuer (any, when the rule has none) and one subject matches. */
  public boolean matches(String certIssuer, List<String> subjects) {
    if (issuer != null && !issuer.equals(certIssuer)) {
      return false;
    }
    for (String s : subjects) {
      if (subject != null ? subject.equals(s) : subjectPattern.matches(s)) {
        return true;
      }
    }
    return false;
  }

  /** How the rule reads in messages: {@code subject 'x' from issuer 'y'}. */
  public String describe() {
    String who = subject != null ? "subject '" + subject + "'" : "subject matching /" + subjectPattern.pattern() + "/";
    return issuer == null ? who : who + " from issuer '" + issuer + "'";
  }

  /**
   * Reads a non-empty list of identities at {@code path}. {@code withIssuer}: Sigstore identities,
   * where {@code issuer} is required; otherwise (private CAs) it is not allowed.
   */
  static List<IdentityRule> parseList(JsonNode list, String path, boolean withIssuer) throws TrustDataException {
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new TrustDataException(path, "must be a non-empty array of identities ({" + (withIssuer ? "issuer, " : "")
          + "subject} or {" + (withIssuer ? "issuer, " : "") + "subjectPattern}): nobody is trusted without one");
    }
    List<IdentityRule> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(parse(list.get(i), path + "[" + i + "]", withIssuer));
    }
    return out;
  }

  private static IdentityRule parse(JsonNode n, String path, boolean withIssuer) throws TrustDataException {
    if (!n.isObject()) {
      throw new TrustDataException(path, "must be an object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("subject") && !f.equals("subjectPattern") && !(withIssuer && f.equals("issuer"))) {
        throw new TrustDataException(CanonicalForm.child(path, f), "unknown field (an identity has "
            + (withIssuer ? "issuer and " : "") + "subject or subjectPattern)");
      }
    }
    String issuer = null;
    if (withIssuer) {
      issuer = text(n.get("issuer"), path + ".issuer");
      if (issuer == null) {
        throw new TrustDataException(path + ".issuer", "required: the OIDC issuer URL the certificate must name");
      }
    }
    String subject = text(n.get("subject"), path + ".subject");
    String pattern = text(n.get("subjectPattern"), path + ".subjectPattern");
    if ((subject == null) == (pattern == null)) {
      throw new TrustDataException(path, "needs exactly one of subject and subjectPattern");
    }
    Pattern compiled = null;
    if (pattern != null) {
      try {
        compiled = Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new TrustDataException(path + ".subjectPattern", "is not an RE2 pattern: " + e.getMessage());
      }
    }
    return new IdentityRule(issuer, subject, compiled);
  }

  private static String text(JsonNode n, String path) throws TrustDataException {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual() || n.asText().isEmpty() || JsonStrings.loneSurrogate(n.asText()) >= 0) {
      throw new TrustDataException(path, "must be a non-empty string");
    }
    return n.asText();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityRule r && Objects.equals(issuer, r.issuer) && Objects.equals(subject, r.subject)
        && Objects.equals(subjectPattern == null ? null : subjectPattern.pattern(),
            r.subjectPattern == null ? null : r.subjectPattern.pattern());
  }

  @Override
  public int hashCode() {
    return Objects.hash(issuer, subject, subjectPattern == null ? null : subjectPattern.pattern());
  }
}
