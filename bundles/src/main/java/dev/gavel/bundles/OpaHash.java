package dev.gavel.bundles;

import dev.gavel.json.Json;
import dev.gavel.json.Utf8;
import dev.gavel.json.Yaml;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How OPA hashes a bundle file for {@code .signatures.json}: a structured document (a file named
 * {@code data.json}, {@code data.yaml}, {@code .manifest} or {@code signatures.json}; note that
 * {@code data.yml} is not one) is parsed and hashed over its {@link GoJson} canonical form, so
 * whitespace and key order do not count; every other file is hashed over its raw bytes. The
 * algorithm names are OPA's, spelled exactly ({@code SHA-256}, not {@code sha256}).
 */
final class OpaHash {
  static final String DEFAULT = "SHA-256";
  /** OPA's names and the JDK's for the same functions. */
  static final Map<String, String> ALGORITHMS = Map.of("MD5", "MD5", "SHA-1", "SHA-1", "SHA-224", "SHA-224",
      "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512", "SHA-512-224", "SHA-512/224",
      "SHA-512-256", "SHA-512/256");
  private static final Set<String> STRUCTURED = Set.of("data.json", "data.yaml", ".manifest", "signatures.json");

  private OpaHash() {}

  static boolean structured(String path) {
    return STRUCTURED.contains(BundlePath.base(path));
  }

  /** The digest of {@code content} (the file at {@code path}) under OPA's {@code algorithm}. */
  static byte[] hash(String path, byte[] content, String algorithm) throws BundleException {
    MessageDigest md = digest(algorithm);
    md.update(structured(path) ? canonical(path, content) : content);
    return md.digest();
  }

  static String hex(String path, byte[] content, String algorithm) throws BundleException {
    return HexFormat.of().formatHex(hash(path, content, algorithm));
  }

  static MessageDigest digest(String algorithm) throws BundleException {
    String jdk = ALGORITHMS.get(algorithm);
    if (jdk == null) {
      throw BundleException.invalid("unsupported hashing algorithm: " + algorithm);
    }
    try {
      return MessageDigest.getInstance(jdk);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jdk, e);
    }
  }

  /**
   * The canonical bytes of a structured file. OPA parses it as JSON when it is JSON and as YAML
   * otherwise; here a document is refused when neither strict reader accepts it (a duplicate key
   * included), since a hash over an ambiguous document proves nothing.
   */
  static byte[] canonical(String path, byte[] content) throws BundleException {
    Json.ParseException jsonError;
    try {
      return GoJson.fromJson(content);
    } catch (Json.ParseException e) {
      jsonError = e;
    }
    try {
      return GoJson.fromYamlTree(Yaml.reader().readDocument(Utf8.decode(content)));
    } catch (Json.ParseException e) {
      throw BundleException.invalid(path + ": not valid JSON (" + jsonError.located() + ") nor YAML");
    }
  }

  static List<String> names() {
    return ALGORITHMS.keySet().stream().sorted().toList();
  }
}
