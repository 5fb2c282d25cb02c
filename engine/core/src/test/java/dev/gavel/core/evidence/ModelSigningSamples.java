package dev.gavel.core.evidence;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.testkit.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The OpenSSF model-signing samples in ../shared/fixtures/model-signing and the trust data that
 * verifies each with the method upstream uses: its public key, its CA chain, or the Sigstore
 * client trust configuration with the identity upstream's test script passes.
 */
final class ModelSigningSamples {
  static final String IDENTITY = "stefanb@us.ibm.com";
  static final String ISSUER = "https://sigstore.verify.ibm.com/oauth2";

  private ModelSigningSamples() {}

  static Path dir(String sample) {
    return SharedFiles.fixtures("model-signing").resolve(sample);
  }

  /** The per-folder facts of verification-expectations.json. */
  static JsonNode expectations(String sample) throws IOException {
    for (JsonNode s : SharedFiles.json(SharedFiles.fixtures("model-signing").resolve("verification-expectations.json")).get("samples")) {
      if (s.get("folder").asText().equals(sample)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no expectations for " + sample);
  }

  /** Policy data trusting what upstream trusts: the key, the root CA, the Sigstore trust config with upstream's identity. */
  static ObjectNode policyData() throws IOException {
    Path root = SharedFiles.fixtures("model-signing");
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    ObjectNode trust = data.putObject("gavel").putObject("trust");
    trust.putArray("signers").addObject().put("id", "model-transparency-tests")
        .put("publicKey", Files.readString(root.resolve("keys/signing-key-pub.pem")));
    ObjectNode ca = trust.putArray("certificateAuthorities").addObject();
    ca.put("id", "model-transparency-test-ca");
    ca.put("certificate", Files.readString(root.resolve("keys/ca-cert.pem")));
    ca.putArray("identities").addObject().put("subject", "CN=intermediate-ca");
    ObjectNode sigstore = trust.putObject("sigstore");
    sigstore.putArray("trustedRoots").add(SharedFiles.json(root.resolve("trust/custom_trust_config.json")));
    sigstore.putArray("identities").addObject().put("issuer", ISSUER).put("subject", IDENTITY);
    return data;
  }

  static TrustRoots trust() throws Exception {
    return TrustRoots.fromPolicyData(policyData());
  }

  /** A request releasing the sample's manifest files, carrying its model.sig as a model-signing signature. */
  static ObjectNode request(String sample) throws Exception {
    JsonNode exp = expectations(sample);
    List<String[]> arts = new ArrayList<>();
    JsonNode resources = exp.has("resources") ? exp.get("resources") : exp.get("subjects");
    for (JsonNode r : resources) {
      String digest = r.has("digest") && r.get("digest").isTextual() ? r.get("digest").asText() : r.at("/digest/sha256").asText();
      arts.add(new String[] {r.get("name").asText(), digest});
    }
    ObjectNode req = EvidenceRequests.request(arts);
    ObjectNode sig = req.putArray("signatures").addObject();
    sig.put("format", "model-signing");
    sig.set("bundle", SharedFiles.json(dir(sample).resolve("model.sig")));
    return req;
  }

  /** What a model path holds, read the way the CLI reads it (regular files and symlinks, relative '/' paths). */
  static ModelFiles read(Path model, List<String> ignore) throws IOException {
    if (Files.isRegularFile(model, LinkOption.NOFOLLOW_LINKS)) {
      return new ModelFiles(true, List.of(new ModelFiles.Entry(".", ModelFiles.Kind.FILE, sha256(model), false)), ignore);
    }
    List<ModelFiles.Entry> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(model)) {
      for (Path p : s.sorted().toList()) {
        String rel = model.relativize(p).toString().replace('\\', '/');
        if (rel.isEmpty() || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (Files.isSymbolicLink(p)) {
          Path target = p.toRealPath();
          out.add(new ModelFiles.Entry(rel, ModelFiles.Kind.SYMLINK, Files.isRegularFile(target) ? sha256(target) : null,
              !target.startsWith(model.toRealPath())));
        } else {
          out.add(new ModelFiles.Entry(rel, Files.isRegularFile(p) ? ModelFiles.Kind.FILE : ModelFiles.Kind.OTHER,
              Files.isRegularFile(p) ? sha256(p) : null, false));
        }
      }
    }
    return new ModelFiles(false, out, ignore);
  }

  /** The model path upstream's script verifies and the ignore paths it passes (relative to the model root). */
  static ModelFiles upstreamModel(String sample) throws IOException {
    JsonNode exp = expectations(sample);
    Path model = SharedFiles.fixtures("model-signing").resolve(exp.get("modelPath").asText());
    List<String> ignore = new ArrayList<>();
    for (JsonNode i : exp.get("ignorePaths")) {
      ignore.add(model.relativize(SharedFiles.fixtures("model-signing").resolve(i.asText())).toString());
    }
    if (Files.isDirectory(model)) {
      ignore.add("model.sig"); // upstream always ignores the signature file itself
    }
    return read(model, Files.isDirectory(model) ? ignore : List.of());
  }

  static String sha256(Path p) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static ArrayNode identities(ObjectNode data) {
    return (ArrayNode) data.at("/gavel/trust/sigstore/identities");
  }
}
