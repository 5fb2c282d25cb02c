package dev.gavel.http;

import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made by the test with the JDK's keytool (no extra dependency): a CA, and leaf
 * certificates it signs, written as PEM files the server reads; SSL contexts for Java's client.
 */
final class TestPki {
  static final char[] PASS = "test-pass".toCharArray();
  final Path dir;
  final String caAlias;
  final X509Certificate ca;

  private TestPki(Path dir, String caAlias, X509Certificate ca) {
    this.dir = dir;
    this.caAlias = caAlias;
    this.ca = ca;
  }

  /** A new CA in {@code dir} (ca-NAME.p12 and ca-NAME.pem). */
  static TestPki ca(Path dir, String name) throws Exception {
    Files.createDirectories(dir);
    Path ks = dir.resolve("ca-" + name + ".p12");
    keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-ext", "bc:c", "-validity", "3", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", new String(PASS));
    X509Certificate cert = (X509Certificate) load(ks).getCertificate(name);
    Files.writeString(dir.resolve("ca-" + name + ".pem"), pem("CERTIFICATE", cert.getEncoded()));
    return new TestPki(dir, name, cert);
  }

  Path caPem() {
    return dir.resolve("ca-" + caAlias + ".pem");
  }

  /** A leaf signed by this CA: {@code NAME.pem} (leaf + CA), {@code NAME.key} (PKCS#8), and its key store. */
  Leaf leaf(String name, String dname, String san) throws Exception {
    Path ks = dir.resolve(name + ".p12");
    keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-validity", "3",
        "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", new String(PASS));
    Path csr = dir.resolve(name + ".csr");
    keytool(dir, "-certreq", "-alias", name, "-keystore", ks.toString(), "-storepass", new String(PASS), "-file", csr.toString());
    Path signed = dir.resolve(name + ".crt");
    List<String> args = new ArrayList<>(List.of("-gencert", "-alias", caAlias, "-keystore",
        dir.resolve("ca-" + caAlias + ".p12").toString(), "-storepass", new String(PASS), "-infile", csr.toString(), "-outfile",
        signed.toString(), "-rfc", "-validity", "2"));
    if (san != null) {
      args.addAll(List.of("-ext", "san=" + san));
    }
    keytool(dir, args.toArray(new String[0]));
    X509Certificate leaf;
    try (InputStream in = Files.newInputStream(signed)) {
      leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    PrivateKey key = (PrivateKey) load(ks).getKey(name, PASS);
    Files.writeString(dir.resolve(name + ".pem"), pem("CERTIFICATE", leaf.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
    Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
    return new Leaf(dir.resolve(name + ".pem"), dir.resolve(name + ".key"), key, new Certificate[] {leaf, ca});
  }

  /** A signed leaf's files and key. */
  record Leaf(Path certPem, Path keyPem, Key key, Certificate[] chain) {}

  /** A client SSL context trusting {@code trusted} and presenting {@code client} (may be null). */
  static SSLContext context(X509Certificate trusted, Leaf client) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", trusted);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    KeyManagerFactory kmf = null;
    if (client != null) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("client", client.key(), PASS, client.chain());
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASS);
    }
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return c;
  }

  private static KeyStore load(Path p) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(p.toFile())) {
      ks.load(in, PASS);
    }
    return ks;
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END "
        + type + "-----\n";
  }

  private static void keytool(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + out);
    }
  }

  static X509Certificate parse(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }
}
