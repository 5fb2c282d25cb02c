package dev.gavel.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.evidence.EvidenceVerifier;
import dev.gavel.core.evidence.TrustRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a model signature costs to verify offline, on the real samples of
 * ../shared/fixtures/model-signing, with the key-signed bundle as the same-run baseline (one ECDSA
 * P-384 verification): the certificate chain (PKIX over an RSA-3072 chain plus the signature)
 * and Sigstore keyless (Fulcio chain at the signing time, Rekor body, inclusion proof, ECDSA
 * checkpoint, SET, SCT, identity). Run with {@code bench/model-signatures.sh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ModelSignatureBench {
  static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");
  EvidenceVerifier verifier;
  JsonNode key;
  JsonNode certificate;
  JsonNode keyless;

  @Setup
  public void setUp() throws Exception {
    Path repo = Path.of(System.getProperty("gavel.repo.dir", ".")).toAbsolutePath();
    Path s = Path.of(System.getProperty("gavel.shared.dir", repo.resolve("../shared").toString())).resolve("fixtures/model-signing");
    ObjectMapper json = new ObjectMapper();
    ObjectNode data = json.createObjectNode();
    ObjectNode t = data.putObject("gavel").putObject("trust");
    t.putArray("signers").addObject().put("id", "tests").put("publicKey", Files.readString(s.resolve("keys/signing-key-pub.pem")));
    ObjectNode ca = t.putArray("certificateAuthorities").addObject();
    ca.put("id", "ca").put("certificate", Files.readString(s.resolve("keys/ca-cert.pem")));
    ca.putArray("identities").addObject().put("subject", "CN=intermediate-ca");
    ObjectNode sig = t.putObject("sigstore");
    sig.putArray("trustedRoots").add(json.readTree(s.resolve("trust/custom_trust_config.json").toFile()));
    sig.putArray("identities").addObject().put("issuer", "https://sigstore.verify.ibm.com/oauth2").put("subject", "stefanb@us.ibm.com");
    verifier = new EvidenceVerifier(TrustRoots.fromPolicyData(data));
    key = json.readTree(s.resolve("v1.1.0-elliptic-key/model.sig").toFile());
    certificate = json.readTree(s.resolve("v1.1.0-certificate/model.sig").toFile());
    keyless = json.readTree(s.resolve("v1.1.0-sigstore/model.sig").toFile());
    for (JsonNode b : new JsonNode[] {key, certificate, keyless}) {
      if (!verifier.verifyModelSignature(b, AT, null).path("trusted").asBoolean()) {
        throw new IllegalStateException("a sample does not verify: the benchmark would measure a failure");
      }
    }
  }

  @Benchmark
  public JsonNode keySignedBaseline() throws Exception {
    return verifier.verifyModelSignature(key, AT, null);
  }

  @Benchmark
  public JsonNode certificateChain() throws Exception {
    return verifier.verifyModelSignature(certificate, AT, null);
  }

  @Benchmark
  public JsonNode keyless() throws Exception {
    return verifier.verifyModelSignature(keyless, AT, null);
  }
}
