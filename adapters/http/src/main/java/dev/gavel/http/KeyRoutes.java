package dev.gavel.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerHead;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.Signer;
import dev.gavel.ledger.KeyRotation;
import dev.gavel.ledger.NoteVerifier;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code GET /v1/keys} (anonymous): the public key checkpoints and attestations are verified with,
 * as a signed-note verifier key and as PEM, and the ledger's key history (every recorded rotation,
 * oldest first), so an auditor can follow {@code gavel ledger verify --public-key} from any key of
 * it. Only public keys: the signing key never leaves the signer.
 */
final class KeyRoutes {
  private final LedgerReader ledger;
  private final Signer signer;
  private final BlockingPool pool;

  KeyRoutes(LedgerReader ledger, Signer signer, BlockingPool pool) {
    this.ledger = ledger;
    this.signer = signer;
    this.pool = pool;
  }

  void handle(RoutingContext ctx) {
    Replies.async(ctx, pool, () -> {
      Optional<LedgerHead> head = ledger.head();
      String current = head.map(LedgerHead::signerKey).orElse(null);
      if (current == null) {
        current = signer.verifierKey();
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      ObjectNode cur = o.putObject("current");
      cur.put("verifierKey", current);
      // Ed25519 for a key kept in a file; ECDSA P-256 for one held in a PKCS#11 token (note key type 0x02)
      cur.put("algorithm", NoteVerifier.parse(current).publicKey().getAlgorithm().equals("EC") ? "ECDSA P-256" : "Ed25519");
      cur.put("publicKeyPem", pem(current));
      ArrayNode h = o.putArray("history");
      for (KeyRotation r : ledger.keyRotations()) {
        h.addObject().put("index", r.index()).put("previousKey", r.previousKey()).put("newKey", r.newKey());
      }
      return o;
    }, (c, o) -> Replies.json(c, 200, o));
  }

  static String pem(String verifierKey) {
    byte[] der = NoteVerifier.parse(verifierKey).publicKey().getEncoded();
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }
}
