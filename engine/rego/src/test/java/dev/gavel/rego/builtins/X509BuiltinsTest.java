package dev.gavel.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.Rego;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** crypto.x509.* and crypto.parse_private_keys over the test PKI in resources/x509 (see its README). */
class X509BuiltinsTest {
  static final String[] FILES = {"root.pem", "inter.pem", "leaf.pem", "chain.pem", "leaf.key", "leaf-pkcs1.key", "ed.key",
      "ec384.key", "inter.key", "leaf.csr", "inter.csr"};
  static final ObjectValue FILES_INPUT = files();
  static final Rego REGO = Rego.builder().build();

  static String text(String name) {
    try (InputStream in = X509BuiltinsTest.class.getResourceAsStream("/x509/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectValue files() {
    ObjectValue.Builder b = ObjectValue.builder();
    for (String f : FILES) {
      b.put(f, StringValue.of(text(f)));
    }
    return b.build();
  }

  static String eval(String expr) {
    return Eval.json(REGO, expr, FILES_INPUT);
  }

  @Test
  void rendersCertificatesRequestsAndKeysExactlyAsOpaDoes() throws Exception {
    // golden.rego reads the files from data.files; opa-golden.json is OPA's answer for it.
    Rego golden = Rego.builder().module("golden.rego", text("golden.rego"))
        .data(ObjectValue.builder().put("files", FILES_INPUT).build()).build();
    Value ours = golden.query("x := data.pki", null,
        EvalOptions.at(Instant.parse("2027-06-01T00:00:00Z")).strict(true)).get(0).get("x");
    Value opa = JsonValues.fromJson(JsonValues.MAPPER.readTree(text("opa-golden.json")));
    assertThat(firstDifference("", ours, opa)).isNull();
  }

  /** The path of the first place two values differ, with both sides, or null when equal. */
  static String firstDifference(String path, Value a, Value b) {
    if (a instanceof ObjectValue x && b instanceof ObjectValue y) {
      for (Value k : y.keys()) {
        if (x.get(k) == null) {
          return path + "." + k + " missing";
        }
        String d = firstDifference(path + "." + k, x.get(k), y.get(k));
        if (d != null) {
          return d;
        }
      }
      return x.size() == y.size() ? null : path + " has extra keys";
    }
    if (a instanceof dev.gavel.rego.value.ArrayValue x && b instanceof dev.gavel.rego.value.ArrayValue y) {
      if (x.size() != y.size()) {
        return path + " has " + x.size() + " elements, want " + y.size();
      }
      for (int i = 0; i < x.size(); i++) {
        String d = firstDifference(path + "[" + i + "]", x.get(i), y.get(i));
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    return a.equals(b) ? null : path + ": " + abbreviate(a) + " but want " + abbreviate(b);
  }

  private static String abbreviate(Value v) {
    String s = v.toString();
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiterString = " => ", value = {
      "crypto.x509.parse_certificates(input[\"leaf.pem\"])[0].Subject.CommonName => \"www.example.com\"",
      "crypto.x509.parse_certificates(input[\"leaf.pem\"])[0].DNSNames => [\"www.example.com\",\"api.example.com\"]",
      "crypto.x509.parse_certificates(input[\"leaf.pem\"])[0].IPAddresses => [\"192.0.2.1\",\"2001:db8::1\"]",
      "crypto.x509.parse_certificates(input[\"leaf.pem\"])[0].URIStrings => [\"spiffe://example.com/svc\"]",
      "crypto.x509.parse_certificates(input[\"leaf.pem\"])[0].KeyUsage => 5",
      "crypto.x509.parse_certificates(input[\"leaf.pem\"])[0].ExtKeyUsage => [1,2]",
      "crypto.x509.parse_certificates(input[\"root.pem\"])[0].URIStrings => null",
      "crypto.x509.parse_certificates(input[\"inter.pem\"])[0].MaxPathLenZero => true",
      "crypto.x509.parse_certificates(input[\"inter.pem\"])[0].PermittedDNSDomains => [\".example.com\"]",
      "crypto.x509.parse_certificates(input[\"inter.pem\"])[0].SignatureAlgorithm => 4",
      "count(crypto.x509.parse_certificates(input[\"chain.pem\"])) => 3",
      "crypto.x509.parse_certificates(base64.encode(input[\"leaf.pem\"]))[0].Version => 3",
      "crypto.x509.parse_and_verify_certificates(input[\"chain.pem\"])[0] => true",
      "[c.Subject.CommonName | some c in crypto.x509.parse_and_verify_certificates(input[\"chain.pem\"])[1]] => [\"www.example.com\",\"Gavel Intermediate\",\"Gavel Root\"]",
      "crypto.x509.parse_and_verify_certificates(concat(\"\", [input[\"root.pem\"], input[\"leaf.pem\"]])) => [false,[]]",
      "crypto.x509.parse_and_verify_certificates(input[\"leaf.pem\"]) => [false,[]]",
      "crypto.x509.parse_and_verify_certificates_with_options(input[\"chain.pem\"], {\"DNSName\": \"api.example.com\"})[0] => true",
      "crypto.x509.parse_and_verify_certificates_with_options(input[\"chain.pem\"], {\"DNSName\": \"other.example.com\"}) => [false,[]]",
      "crypto.x509.parse_and_verify_certificates_with_options(input[\"chain.pem\"], {\"CurrentTime\": 1893456000000000000}) => [false,[]]",
      "crypto.x509.parse_and_verify_certificates_with_options(input[\"chain.pem\"], {\"KeyUsages\": [\"KeyUsageCodeSigning\"]}) => [false,[]]",
      "crypto.x509.parse_and_verify_certificates_with_options(input[\"chain.pem\"], {\"KeyUsages\": [\"KeyUsageClientAuth\"]})[0] => true",
      "crypto.x509.parse_certificate_request(input[\"leaf.csr\"]).Subject.CommonName => \"www.example.com\"",
      "crypto.x509.parse_certificate_request(input[\"inter.csr\"]).PublicKeyAlgorithm => 3",
      "count(crypto.parse_private_keys(concat(\"\", [input[\"leaf.key\"], input[\"ed.key\"], input[\"inter.key\"]]))) => 3",
      "crypto.parse_private_keys(\"\") => null",
      "crypto.parse_private_keys(\"no keys here\") => []",
      "crypto.x509.parse_rsa_private_key(input[\"leaf-pkcs1.key\"]).kty => \"RSA\"",
      "crypto.x509.parse_rsa_private_key(input[\"inter.key\"]).crv => \"P-256\"",
      "crypto.x509.parse_keypair(input[\"leaf.pem\"], input[\"leaf.key\"]).Leaf.Subject.CommonName => \"www.example.com\"",
  })
  void readsCertificatesRequestsAndKeys(String expr, String json) {
    assertThat(eval(expr)).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "crypto.x509.parse_certificates(\"not base64!\")|illegal base64 data at input byte 3",
      "crypto.x509.parse_certificates(input[\"leaf.key\"])|PEM block type is 'PRIVATE KEY', expected CERTIFICATE",
      "crypto.x509.parse_certificates(base64.encode(\"garbage\"))|x509: malformed certificate",
      "crypto.x509.parse_keypair(input[\"leaf.pem\"], input[\"inter.key\"])|tls: private key type does not match public key type",
      "crypto.x509.parse_keypair(input[\"root.pem\"], input[\"leaf.key\"])|tls: private key does not match public key",
      "crypto.x509.parse_keypair(input[\"leaf.key\"], input[\"leaf.key\"])|tls: failed to find certificate PEM data in certificate input, but did find a private key",
      "crypto.x509.parse_certificate_request(base64.encode(input[\"leaf.pem\"]))|invalid PEM-encoded certificate signing request",
      "crypto.x509.parse_certificate_request(input[\"leaf.pem\"])|illegal base64 data at input byte 0",
      "crypto.x509.parse_rsa_private_key(\"invalid\")|illegal base64 data",
      "crypto.x509.parse_and_verify_certificates_with_options(input[\"chain.pem\"], {\"Bogus\": 1})|invalid key option",
      "crypto.x509.parse_and_verify_certificates_with_options(input[\"chain.pem\"], {\"KeyUsages\": [\"Nope\"]})|invalid entries for 'KeyUsages' found: [Nope]",
  })
  void reportsGoErrors(String expr, String message) {
    assertThat(Eval.error(REGO, expr, FILES_INPUT)).contains(message);
  }

  /** Every single-byte corruption of the leaf's DER is refused or fails verification, never trusted. */
  @Test
  void corruptedLeavesNeverVerify() {
    String leafPem = text("leaf.pem");
    byte[] der = Base64.getMimeDecoder().decode(leafPem.replaceAll("-----[A-Z ]+-----", ""));
    String root = text("root.pem");
    String inter = text("inter.pem");
    int verified = 0;
    for (int i = 0; i < der.length; i += 7) {
      byte[] bad = der.clone();
      bad[i] ^= 0x5a;
      String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(bad)
          + "\n-----END CERTIFICATE-----\n";
      Value in = ObjectValue.builder().put("c", StringValue.of(root + inter + pem)).build();
      Value out = Eval.value(REGO, "crypto.x509.parse_and_verify_certificates(input.c)", in);
      if (out != null && ((dev.gavel.rego.value.ArrayValue) out).get(0).equals(dev.gavel.rego.value.BooleanValue.TRUE)) {
        verified++;
      }
    }
    assertThat(verified).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"leaf.pem", "inter.pem", "root.pem", "leaf.csr"})
  void truncatedInputsAreErrorsNotCrashes(String file) {
    String pem = text(file);
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    String fn = file.endsWith(".csr") ? "crypto.x509.parse_certificate_request" : "crypto.x509.parse_certificates";
    // An empty input is no certificates at all (Go parses it as an empty list); every other prefix is an error.
    for (int len = 1; len < der.length; len += 13) {
      String b64 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(der, len));
      String err = Eval.error(REGO, fn + "(input.x)", ObjectValue.builder().put("x", StringValue.of(b64)).build());
      assertThat(err).as("length " + len).startsWith("eval_builtin_error: " + fn + ": ");
    }
  }

  @Test
  void keysMatchTheirCertificates() {
    Map<String, Value> row = REGO.query("k := crypto.parse_private_keys(input[\"leaf.key\"])[0]; "
        + "c := crypto.x509.parse_certificates(input[\"leaf.pem\"])[0]", FILES_INPUT, EvalOptions.at(Eval.NOW)).get(0);
    ObjectValue k = (ObjectValue) row.get("k");
    ObjectValue pub = (ObjectValue) ((ObjectValue) row.get("c")).get("PublicKey");
    assertThat(k.get("N")).isEqualTo(pub.get("N"));
    assertThat(((dev.gavel.rego.value.ArrayValue) k.get("Primes")).size()).isEqualTo(2);
    assertThat(List.of("D", "E", "N", "Precomputed", "Primes")).containsExactlyElementsOf(
        k.keys().stream().map(x -> ((StringValue) x).value()).toList());
  }
}
