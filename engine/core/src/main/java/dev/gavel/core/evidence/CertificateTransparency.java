package dev.gavel.core.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * RFC 6962 signed certificate timestamps embedded in a certificate (extension
 * 1.3.6.1.4.1.11129.2.4.2), verified offline against the CT logs a Sigstore trusted root lists:
 * each SCT is the log's signature over the precertificate, i.e. the certificate's TBS without the
 * SCT extension, bound to the issuer's key hash. One SCT from a listed log, valid at its
 * timestamp, is required.
 */
final class CertificateTransparency {
  static final String SCT_LIST = "1.3.6.1.4.1.11129.2.4.2";

  private CertificateTransparency() {}

  /** One SCT as the certificate carries it. */
  record Sct(byte[] logId, long timestamp, byte[] extensions, int hashAlgorithm, int signatureAlgorithm, byte[] signature) {}

  /** The log that signed a verifying SCT and when, or why none verifies. */
  record Result(SigstoreRoot.Log log, Instant timestamp, String problem) {}

  static Result verify(X509Certificate leaf, X509Certificate issuer, SigstoreRoot root) {
    List<Sct> scts;
    try {
      scts = scts(leaf);
    } catch (IllegalArgumentException e) {
      return new Result(null, null, "the certificate's SCT list is malformed: " + e.getMessage());
    }
    if (scts.isEmpty()) {
      return new Result(null, null, "the certificate carries no signed certificate timestamp, but " + root.path()
          + " lists CT logs");
    }
    byte[] tbs;
    try {
      tbs = precertificateTbs(leaf);
    } catch (IOException | CertificateEncodingException e) {
      return new Result(null, null, "the certificate cannot be re-encoded as a precertificate: " + e.getMessage());
    }
    byte[] issuerKeyHash = SigstoreRoot.sha256(issuer.getPublicKey().getEncoded());
    String last = "no SCT is from a CT log of " + root.path();
    for (Sct s : scts) {
      Optional<SigstoreRoot.Log> log = root.ctlog(s.logId());
      if (log.isEmpty()) {
        continue;
      }
      Instant t = Instant.ofEpochMilli(s.timestamp());
      if (!log.get().validFor().contains(t)) {
        last = "the SCT of " + log.get().baseUrl() + " is dated " + t + ", outside the log key's validity " + log.get().validFor();
        continue;
      }
      if (signatureVerifies(log.get().key(), s, signedData(s, issuerKeyHash, tbs))) {
        return new Result(log.get(), t, null);
      }
      last = "the SCT of " + log.get().baseUrl() + " does not verify under its key";
    }
    return new Result(null, null, last);
  }

  static List<Sct> scts(X509Certificate c) {
    byte[] ext = c.getExtensionValue(SCT_LIST);
    List<Sct> out = new ArrayList<>();
    if (ext == null) {
      return out;
    }
    ByteBuffer b;
    try {
      b = ByteBuffer.wrap(ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an OCTET STRING");
    }
    try {
      int total = u16(b);
      if (total != b.remaining()) {
        throw new IllegalArgumentException("list length does not match");
      }
      while (b.hasRemaining()) {
        ByteBuffer s = slice(b, u16(b));
        if (s.get() != 0) {
          continue; // not an SCT v1: skip, it cannot count
        }
        byte[] logId = bytes(s, 32);
        long ts = s.getLong();
        byte[] exts = bytes(s, u16(s));
        int hash = s.get() & 0xff;
        int sig = s.get() & 0xff;
        byte[] signature = bytes(s, u16(s));
        if (s.hasRemaining()) {
          throw new IllegalArgumentException("trailing bytes in an SCT");
        }
        out.add(new Sct(logId, ts, exts, hash, sig, signature));
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated");
    }
    return out;
  }

  /** The TBSCertificate without the SCT list extension: what the log saw as the precertificate. */
  static byte[] precertificateTbs(X509Certificate c) throws IOException, CertificateEncodingException {
    ASN1Sequence tbs = ASN1Sequence.getInstance(c.getTBSCertificate());
    ASN1EncodableVector v = new ASN1EncodableVector();
    for (int i = 0; i < tbs.size(); i++) {
      if (tbs.getObjectAt(i) instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
        Extensions exts = Extensions.getInstance(t.getExplicitBaseObject());
        List<Extension> kept = new ArrayList<>();
        for (var oid : exts.getExtensionOIDs()) {
          if (!oid.getId().equals(SCT_LIST)) {
            kept.add(exts.getExtension(oid));
          }
        }
        v.add(new DERTaggedObject(true, 3, new Extensions(kept.toArray(new Extension[0]))));
      } else {
        v.add(tbs.getObjectAt(i));
      }
    }
    return new DERSequence(v).getEncoded(ASN1Encoding.DER);
  }

  private static byte[] signedData(Sct s, byte[] issuerKeyHash, byte[] tbs) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0); // sct_version v1
    o.write(0); // signature_type certificate_timestamp
    o.writeBytes(ByteBuffer.allocate(8).putLong(s.timestamp()).array());
    o.write(0);
    o.write(1); // entry_type precert_entry
    o.writeBytes(issuerKeyHash);
    o.write((tbs.length >> 16) & 0xff);
    o.write((tbs.length >> 8) & 0xff);
    o.write(tbs.length & 0xff);
    o.writeBytes(tbs);
    o.write((s.extensions().length >> 8) & 0xff);
    o.write(s.extensions().length & 0xff);
    o.writeBytes(s.extensions());
    return o.toByteArray();
  }

  private static boolean signatureVerifies(PublicKey key, Sct s, byte[] data) {
    // RFC 5246 algorithm numbers: hash 4 = SHA-256; signature 3 = ECDSA, 1 = RSA
    if (s.hashAlgorithm() != 4 || (s.signatureAlgorithm() != 3 && s.signatureAlgorithm() != 1)) {
      return false;
    }
    try {
      Signature sig = Signature.getInstance(s.signatureAlgorithm() == 3 ? "SHA256withECDSA" : "SHA256withRSA");
      sig.initVerify(key);
      sig.update(data);
      return sig.verify(s.signature());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static int u16(ByteBuffer b) {
    return b.getShort() & 0xffff;
  }

  private static ByteBuffer slice(ByteBuffer b, int n) {
    if (n > b.remaining()) {
      throw new IllegalArgumentException("truncated");
    }
    ByteBuffer s = b.slice();
    s.limit(n);
    b.position(b.position() + n);
    return s;
  }

  private static byte[] bytes(ByteBuffer b, int n) {
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }
}
