package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The judgement of a certificate-signed bundle (keyless or private PKI): the status the policy
 * reads ({@code trusted}, {@code untrusted}, {@code invalid}), the specific problem when it is not
 * trusted (it becomes the reason code {@code signature.<problem>}), who signed it, a one-line
 * detail, and the facts: identity, certificate, signing time and its source, trust root, log entry.
 */
record BundleVerdict(SignerVerdict.Status status, String problem, String signer, String detail, ObjectNode facts) {
  /** The problems a certificate-signed bundle can have; each is a reason code {@code signature.<name>}. */
  static final String INVALID = "invalid";
  static final String CHAIN_UNTRUSTED = "chain_untrusted";
  static final String EXPIRED_AT_SIGNING = "expired_at_signing";
  static final String TLOG_INVALID = "tlog_invalid";
  static final String SCT_INVALID = "sct_invalid";
  static final String IDENTITY_MISMATCH = "identity_mismatch";
  static final String CERTIFICATE_REVOKED = "certificate_revoked";

  BundleVerdict {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(facts, "facts");
    detail = detail == null ? "" : detail;
  }

  static ObjectNode newFacts() {
    return JsonNodeFactory.instance.objectNode();
  }

  static BundleVerdict trusted(String signer, String detail, ObjectNode facts) {
    return new BundleVerdict(SignerVerdict.Status.TRUSTED, null, signer, detail, facts);
  }

  /** Not trusted for {@code problem}; a signature that does not verify at all is {@code invalid}, anything else untrusted. */
  static BundleVerdict failed(String problem, String signer, String detail, ObjectNode facts) {
    SignerVerdict.Status s = problem.equals(INVALID) ? SignerVerdict.Status.INVALID : SignerVerdict.Status.UNTRUSTED;
    return new BundleVerdict(s, problem, signer, detail, facts);
  }
}
