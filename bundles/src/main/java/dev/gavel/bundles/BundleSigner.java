package dev.gavel.bundles;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.gavel.json.Json;
import dev.gavel.json.JsonStrings;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Signs a bundle as {@code opa sign} does: a JWT whose payload lists every file but the signature
 * file itself, each with its OPA hash ({@link OpaHash}, SHA-256), plus the {@code keyid} and
 * {@code scope} claims when given; the key id is also the {@code kid} header. The token goes into
 * {@code /.signatures.json} as {@code {"signatures": [TOKEN]}}, written as Go's
 * {@code json.MarshalIndent} writes it. No {@code iat} is set, so signing the same bundle with the
 * same deterministic key (RSA PKCS#1 v1.5, HMAC) gives the same bytes.
 */
public final class BundleSigner {
  private BundleSigner() {}

  /** The bytes of {@code bundle} with a new {@code /.signatures.json} (any old one replaced). */
  public static byte[] sign(BundleArchive bundle, SigningKey key) throws BundleException {
    List<BundleArchive.File> files = new ArrayList<>();
    for (BundleArchive.File f : bundle.files()) {
      if (!f.path().equals(BundleArchive.SIGNATURES)) {
        files.add(f);
      }
    }
    String token = token(hashes(files), key);
    List<BundleArchive.File> out = new ArrayList<>(files);
    out.add(new BundleArchive.File(BundleArchive.SIGNATURES, signaturesFile(token)));
    return BundleArchive.write(out);
  }

  /** Every file's OPA hash, sorted by name. */
  static List<SignedFile> hashes(List<BundleArchive.File> files) throws BundleException {
    List<SignedFile> out = new ArrayList<>();
    for (BundleArchive.File f : files) {
      out.add(new SignedFile(f.path(), OpaHash.hex(f.path(), f.bytes(), OpaHash.DEFAULT), OpaHash.DEFAULT));
    }
    out.sort(Comparator.comparing(SignedFile::name, BundleArchive::compareUtf8));
    return out;
  }

  /** The compact JWS over {@code {"files": [...], "keyid"?, "scope"?}}. */
  static String token(List<SignedFile> files, SigningKey key) throws BundleException {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    ArrayNode fs = payload.putArray("files");
    for (SignedFile f : files) {
      fs.addObject().put("name", f.name()).put("hash", f.hash()).put("algorithm", f.algorithm());
    }
    if (key.keyId != null) {
      payload.put("keyid", key.keyId);
    }
    if (key.scope != null) {
      payload.put("scope", key.scope);
    }
    JWSHeader.Builder header = new JWSHeader.Builder(key.algorithm.nimbus());
    if (key.keyId != null) {
      header.keyID(key.keyId);
    }
    try {
      JWSObject jws = new JWSObject(header.build(), new Payload(Json.MAPPER.writeValueAsBytes(payload)));
      jws.sign(signer(key));
      return jws.serialize();
    } catch (JOSEException | IllegalArgumentException e) {
      throw BundleException.config("cannot sign with " + key.algorithm + ": " + e.getMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWSSigner signer(SigningKey key) throws JOSEException {
    return switch (key.algorithm.family) {
      case RSA -> new RSASSASigner(key.privateKey);
      case EC -> new ECDSASigner((ECPrivateKey) key.privateKey);
      case HMAC -> new MACSigner(key.secret());
    };
  }

  /** {@code {"signatures": [TOKEN]}} laid out as Go's MarshalIndent(v, "", " "). */
  static byte[] signaturesFile(String token) {
    return ("{\n \"signatures\": [\n  " + JsonStrings.quote(token) + "\n ]\n}").getBytes(StandardCharsets.UTF_8);
  }
}
