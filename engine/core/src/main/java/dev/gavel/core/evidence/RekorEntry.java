package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.CanonicalJson;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.LeafHash;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.ledger.ProofVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A Rekor transparency-log entry as a Sigstore bundle carries it ({@code tlogEntries[i]}), and its
 * offline verification against a trusted root:
 * <ol>
 *   <li>the log is one the root lists (by log id), its key valid at the integrated time;</li>
 *   <li>the entry is for this envelope: a {@code dsse} 0.0.1 body whose payload hash is the SHA-256
 *       of the payload and whose signatures are exactly the envelope's, each recorded with the
 *       signing certificate;</li>
 *   <li>the RFC 9162 inclusion proof leads from the body's leaf hash to the root hash, and the
 *       checkpoint (a signed note under the log's ECDSA key) commits to that root and tree size;</li>
 *   <li>the signed entry timestamp (SET), the log's signature over RFC 8785 JSON {@code {body,
 *       integratedTime, logID, logIndex}}, verifies: only then is the integrated time a signing
 *       time Gavel relies on.</li>
 * </ol>
 */
record RekorEntry(String path, long logIndex, byte[] logId, String kind, String version, long integratedTime,
    byte[] set, Proof proof, byte[] body) {

  /** The inclusion proof with its checkpoint. */
  record Proof(long index, long treeSize, byte[] rootHash, List<byte[]> hashes, String checkpoint) {}

  /** What verifying the entry established: a problem (null when none), the signed time, the facts. */
  record Result(String problem, Instant signedTime, ObjectNode facts) {
    boolean ok() {
      return problem == null;
    }
  }

  static RekorEntry parse(JsonNode e, String path) throws EvidenceFormatException {
    if (!e.isObject()) {
      throw new EvidenceFormatException(path, "transparency log entry must be an object");
    }
    long logIndex = number(e.get("logIndex"), path + ".logIndex");
    byte[] logId = b64(e.path("logId").get("keyId"), path + ".logId.keyId");
    String kind = e.path("kindVersion").path("kind").asText("");
    String version = e.path("kindVersion").path("version").asText("");
    long integrated = number(e.get("integratedTime"), path + ".integratedTime");
    byte[] set = e.path("inclusionPromise").has("signedEntryTimestamp")
        ? b64(e.path("inclusionPromise").get("signedEntryTimestamp"), path + ".inclusionPromise.signedEntryTimestamp") : null;
    Proof proof = null;
    JsonNode p = e.get("inclusionProof");
    if (p != null && !p.isNull()) {
      String pp = path + ".inclusionProof";
      List<byte[]> hashes = new ArrayList<>();
      JsonNode hs = p.path("hashes");
      if (!hs.isArray()) {
        throw new EvidenceFormatException(pp + ".hashes", "must be an array of base64 hashes");
      }
      for (int i = 0; i < hs.size(); i++) {
        hashes.add(b64(hs.get(i), pp + ".hashes[" + i + "]"));
      }
      if (!p.path("checkpoint").path("envelope").isTextual()) {
        throw new EvidenceFormatException(pp + ".checkpoint.envelope", "required signed checkpoint is missing");
      }
      proof = new Proof(number(p.get("logIndex"), pp + ".logIndex"), number(p.get("treeSize"), pp + ".treeSize"),
          b64(p.get("rootHash"), pp + ".rootHash"), hashes, p.path("checkpoint").path("envelope").asText());
    }
    byte[] body = b64(e.get("canonicalizedBody"), path + ".canonicalizedBody");
    return new RekorEntry(path, logIndex, logId, kind, version, integrated, set, proof, body);
  }

  /** Verifies this entry for {@code envelope}, signed with {@code leaf}, against {@code root}. */
  Result verify(SigstoreRoot root, DsseEnvelope envelope, X509Certificate leaf) {
    ObjectNode facts = JsonNodeFactory.instance.objectNode();
    facts.put("logIndex", logIndex);
    facts.put("integratedTime", Rfc3339.format(Instant.ofEpochSecond(integratedTime)));
    Optional<SigstoreRoot.Log> found = root.tlog(logId);
    if (found.isEmpty()) {
      return fail(facts, "the entry's log (id " + HexFormat.of().formatHex(logId) + ") is not a transparency log of "
          + root.path());
    }
    SigstoreRoot.Log log = found.get();
    facts.put("log", log.baseUrl());
    Instant integrated = Instant.ofEpochSecond(integratedTime);
    if (!log.validFor().contains(integrated)) {
      return fail(facts, "the log key of " + log.baseUrl() + " is valid " + log.validFor() + ", not at the integrated time "
          + integrated);
    }
    String bodyProblem = bodyMatches(envelope, leaf);
    if (bodyProblem != null) {
      return fail(facts, "the entry is not for this signature: " + bodyProblem);
    }
    if (proof == null) {
      return fail(facts, "the entry has no inclusion proof: offline, only a proof against a signed checkpoint shows it is in the log");
    }
    facts.put("treeSize", proof.treeSize());
    Optional<String> bad = ProofVerifier.inclusion(proof.index(), proof.treeSize(), LeafHash.leaf(body), proof.hashes(),
        proof.rootHash());
    if (bad.isPresent()) {
      return fail(facts, "inclusion proof does not verify: " + bad.get());
    }
    Checkpoint cp;
    try {
      cp = Checkpoint.parse(NoteVerifier.ecdsa(log.host(), log.key()).open(proof.checkpoint()));
    } catch (IllegalArgumentException e) {
      return fail(facts, "checkpoint does not verify under the key of " + log.baseUrl() + ": " + e.getMessage());
    }
    facts.put("checkpoint", cp.origin());
    if (cp.size() != proof.treeSize() || !MessageDigest.isEqual(cp.root(), proof.rootHash())) {
      return fail(facts, "the signed checkpoint (size " + cp.size() + ") is not the tree the proof is for (size "
          + proof.treeSize() + ")");
    }
    facts.put("inclusionProof", "verified against the signed checkpoint");
    if (set == null) {
      facts.put("signedEntryTimestamp", "absent: the integrated time is not signed");
      return new Result(null, null, facts);
    }
    if (!setVerifies(log.key())) {
      return fail(facts, "the signed entry timestamp (SET) does not verify under the key of " + log.baseUrl());
    }
    facts.put("signedEntryTimestamp", "verified");
    return new Result(null, integrated, facts);
  }

  private static Result fail(ObjectNode facts, String why) {
    facts.put("problem", why);
    return new Result(why, null, facts);
  }

  /** Null when the body records exactly this envelope's payload and signatures, with this certificate. */
  private String bodyMatches(DsseEnvelope envelope, X509Certificate leaf) {
    if (!kind.equals("dsse") || !version.equals("0.0.1")) {
      return "entry kind " + kind + " " + version + " is not supported (dsse 0.0.1 is)";
    }
    JsonNode b;
    try {
      b = CanonicalForm.parseDecoded(body, path + ".canonicalizedBody", "entry body");
    } catch (EvidenceFormatException e) {
      return e.problem().message();
    }
    if (!b.path("kind").asText().equals("dsse") || !b.path("apiVersion").asText().equals("0.0.1")) {
      return "the body is not a dsse 0.0.1 entry";
    }
    JsonNode spec = b.path("spec");
    if (!spec.path("payloadHash").path("algorithm").asText().equals("sha256")
        || !spec.path("payloadHash").path("value").asText().equals(hex(sha256(envelope.payload())))) {
      return "its payload hash is not the SHA-256 of the envelope's payload";
    }
    List<String> recorded = new ArrayList<>();
    for (JsonNode s : spec.path("signatures")) {
      String verifier = new String(b64quiet(s.path("verifier").asText("")), StandardCharsets.UTF_8);
      recorded.add(s.path("signature").asText("") + " " + verifier.strip());
    }
    List<String> mine = new ArrayList<>();
    String pem = X509Pem.pem(leaf).strip();
    for (DsseEnvelope.Signature s : envelope.signatures()) {
      mine.add(Base64.getEncoder().encodeToString(s.sig()) + " " + pem);
    }
    if (!recorded.stream().sorted().toList().equals(mine.stream().sorted().toList())) {
      return "its signatures are not the envelope's signatures by this certificate";
    }
    return null;
  }

  private boolean setVerifies(PublicKey key) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("body", Base64.getEncoder().encodeToString(body));
    p.put("integratedTime", integratedTime);
    p.put("logID", hex(logId));
    p.put("logIndex", logIndex);
    try {
      Signature s = Signature.getInstance(key.getAlgorithm().equals("EC") ? "SHA256withECDSA"
          : key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "Ed25519");
      s.initVerify(key);
      s.update(CanonicalJson.canonicalize(p));
      return s.verify(set);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static long number(JsonNode n, String path) throws EvidenceFormatException {
    // protobuf JSON writes int64 as a string
    if (n != null && n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n != null && n.isTextual() && n.asText().matches("0|[1-9][0-9]{0,17}")) {
      return Long.parseLong(n.asText());
    }
    throw new EvidenceFormatException(path, "must be a non-negative integer");
  }

  private static byte[] b64(JsonNode n, String path) throws EvidenceFormatException {
    if (n == null || !n.isTextual()) {
      throw new EvidenceFormatException(path, "required base64 string is missing");
    }
    try {
      return Base64.getDecoder().decode(n.asText());
    } catch (IllegalArgumentException e) {
      throw new EvidenceFormatException(path, "is not valid base64");
    }
  }

  private static byte[] b64quiet(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  static byte[] sha256(byte[] b) {
    return SigstoreRoot.sha256(b);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
