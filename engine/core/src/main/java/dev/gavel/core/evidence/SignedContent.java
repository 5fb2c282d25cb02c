package dev.gavel.core.evidence;

import java.security.PublicKey;
import java.util.List;

/** Something signed that names (but never proves) its key: a DSSE envelope or a JWS. */
public interface SignedContent {
  /** True when the signature verifies under {@code key}. */
  boolean verifiedBy(PublicKey key);

  /** The key ids it names (hints only). */
  List<String> keyIds();
}
