package dev.gavel.bundles.bench;

import dev.gavel.bundles.BundleArchive;
import dev.gavel.bundles.BundleBuilder;
import dev.gavel.bundles.BundleLimits;
import dev.gavel.bundles.BundleSigner;
import dev.gavel.bundles.BundleVerifier;
import dev.gavel.bundles.SigningKey;
import dev.gavel.bundles.VerificationConfig;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.json.Json;
import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Build and verify of a bundle with 1,000 policy files and a 10 MB data.json, against the
 * baseline of what any bundle tool must do at least: gzip the same tar bytes and SHA-256 them
 * (build), and gunzip and SHA-256 them (verify). Run with bench/bundles.sh; MB/s = the
 * uncompressed bundle size / time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class BundleBench {
  PolicySnapshot snapshot;
  byte[] tar;
  byte[] gz;
  byte[] signed;
  SigningKey key;
  VerificationConfig config;

  @Setup
  public void setup() throws Exception {
    List<PolicySnapshot.Module> modules = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      modules.add(new PolicySnapshot.Module("policies/p" + i + "/rules.rego", "package bench.p" + i + "\n\n"
          + "# METADATA\n# title: rule " + i + "\ndeny contains msg if {\n  input.kind == \"kind-" + i + "\"\n"
          + "  msg := sprintf(\"kind %v is denied by rule " + i + "\", [input.kind])\n}\n\nallow if count(deny) == 0\n"));
    }
    StringBuilder data = new StringBuilder("{\"bench\": {\"records\": [");
    for (int i = 0; data.length() < 10_000_000; i++) {
      data.append(i == 0 ? "" : ",").append("{\"id\": ").append(i).append(", \"name\": \"record-").append(i)
          .append("\", \"score\": ").append(i % 97).append(".5, \"tags\": [\"a\", \"b\", \"c\"], \"active\": ").append(i % 2 == 0).append('}');
    }
    data.append("]}}");
    snapshot = new PolicySnapshot(modules, Json.read(data.toString()), "bench", "bench");
    gz = BundleBuilder.build(snapshot, "bench");
    tar = gunzip(gz);
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    key = SigningKey.pem("RS256", pem("PRIVATE KEY", kp.getPrivate().getEncoded()), "bench", null);
    signed = BundleSigner.sign(BundleArchive.read(gz, BundleLimits.DEFAULT), key);
    config = VerificationConfig.single("bench", VerificationConfig.Key.publicKey("RS256", pem("PUBLIC KEY", kp.getPublic().getEncoded()), ""), "");
    System.out.printf("%nbundle: %d modules, uncompressed tar %.1f MB, gzipped %.1f MB%n", modules.size(), tar.length / 1e6, gz.length / 1e6);
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  static byte[] gunzip(byte[] b) throws Exception {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
      return in.readAllBytes();
    }
  }

  /** Baseline for build: gzip the bundle's tar bytes and SHA-256 them. */
  @Benchmark
  public byte[] baselineGzipAndSha256() throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bos, 65536)) {
      out.write(tar);
    }
    return MessageDigest.getInstance("SHA-256").digest(bos.toByteArray());
  }

  /** Baseline for verify: gunzip the bundle and SHA-256 its bytes. */
  @Benchmark
  public byte[] baselineGunzipAndSha256() throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(gunzip(gz));
  }

  /** Build: lay out, canonical data.json, manifest, tar + gzip, and the read-back check. */
  @Benchmark
  public byte[] build() throws Exception {
    return BundleBuilder.build(snapshot, "bench");
  }

  /** Build and sign (hash every file as OPA does, one RS256 signature). */
  @Benchmark
  public byte[] buildAndSign() throws Exception {
    return BundleSigner.sign(BundleArchive.read(BundleBuilder.build(snapshot, "bench"), BundleLimits.DEFAULT), key);
  }

  /** Verify: read the archive strictly, check the JWT, hash every file (data.json canonically). */
  @Benchmark
  public Object verify() throws Exception {
    return BundleVerifier.verify(BundleArchive.read(signed, BundleLimits.DEFAULT), config);
  }
}
