package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.ledger.Dsse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evidence that is malformed, ambiguous or silent about what it found never allows a release:
 * {@code gavel evaluate} exits 2 naming the JSON path and records nothing (never 0, never 3).
 * Each case starts from an allowed demo request and changes one thing.
 */
class EvidenceHardeningTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String MINIMAL = "allow-minimal-classifier.json";
  static final String LIMITED = "allow-limited-chatbot.json";
  static final String HIGH = "allow-high-credit-scorer.json";
  static final String JWS = "allow-minimal-jws-signed.json";

  @TempDir
  Path home;
  @TempDir
  Path tmp;

  // ---- helpers ----

  static ObjectNode fixture(String name) {
    try {
      return (ObjectNode) JSON.readTree(CliRun.request(name).toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A request (text) made from a fixture by {@code change}. */
  static Function<ObjectNode, String> edit(Consumer<ObjectNode> change) {
    return r -> {
      change.accept(r);
      return write(r);
    };
  }

  static String write(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Replaces the first scan's format and report. */
  static Consumer<ObjectNode> scan(String format, String report) {
    return r -> ((ObjectNode) r.at("/scans/0")).put("format", format).set("report", parse(report));
  }

  CliRun evaluate(String requestText, String... extra) throws Exception {
    Path file = tmp.resolve("request-" + System.nanoTime() + ".json");
    Files.writeString(file, requestText, StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>(List.of("evaluate", "--at", CliRun.FIXTURE_TIME, "--data",
        CliRun.repo().resolve("test-fixtures/trust.json").toString()));
    args.addAll(List.of(extra));
    args.add(file.toString());
    return CliRun.run(home, args.toArray(new String[0]));
  }

  long recorded() throws Exception {
    Path db = home.resolve("ledger.db");
    if (!Files.exists(db)) {
      return 0;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      ResultSet tables = c.getMetaData().getTables(null, null, "entries", null);
      if (!tables.next()) {
        return 0;
      }
      ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM entries");
      rs.next();
      return rs.getLong(1);
    }
  }

  void assertBadInput(CliRun r, String problem) throws Exception {
    assertThat(r.exit()).as(r.err() + r.out()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(r.err()).contains(problem);
    assertThat(r.out()).isEmpty();
    assertThat(recorded()).as("nothing recorded").isZero();
  }

  static TreeSet<String> codes(CliRun r) {
    TreeSet<String> codes = new TreeSet<>();
    parse(r.out()).get("reasons").forEach(x -> codes.add(x.get("code").asText()));
    return codes;
  }

  /** Signs {@code message} with a demo key from test-fixtures/keys (PKCS#8 PEM, test-only). */
  static byte[] sign(String keyName, byte[] message, boolean rawEcdsa) throws Exception {
    String pem = Files.readString(CliRun.repo().resolve("test-fixtures/keys/" + keyName + ".private.pem"));
    String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
        .replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
    for (String alg : new String[] {"Ed25519", "EC", "RSA"}) {
      PrivateKey key;
      try {
        key = KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (java.security.GeneralSecurityException e) {
        continue;
      }
      Signature s;
      if (key instanceof ECPrivateKey ec) {
        String hash = ec.getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384" : "SHA256";
        s = Signature.getInstance(hash + (rawEcdsa ? "withECDSAinP1363Format" : "withECDSA"));
      } else {
        s = Signature.getInstance(alg.equals("RSA") ? "SHA256withRSA" : "Ed25519");
      }
      s.initSign(key);
      s.update(message);
      return s.sign();
    }
    throw new IllegalStateException("cannot read " + keyName);
  }

  @Test
  void theUnchangedFixturesAreAllowed() throws Exception {
    for (String f : List.of(MINIMAL, LIMITED, HIGH, JWS)) {
      CliRun r = evaluate(write(fixture(f)));
      assertThat(r.exit()).as(f + ": " + r.err() + r.out()).isZero();
    }
  }

  // ---- 6: a report that does not say what it found is not a clean report ----

  static final String SARIF = "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"trivy\"}}%s}]}";
  static final String BOM = "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\"%s}";

  static Stream<Arguments> silentReports() {
    return Stream.of(
        Arguments.of("SARIF results null (a failed run)", scan("sarif", SARIF.formatted(", \"results\": null")),
            "$.scans[0].report.runs[0].results: is null: the tool failed or did not run"),
        Arguments.of("SARIF run without results", scan("sarif", SARIF.formatted("")),
            "$.scans[0].report.runs[0].results: is absent: the tool failed or did not run"),
        Arguments.of("SARIF without runs", scan("sarif", "{\"version\": \"2.1.0\", \"runs\": []}"),
            "$.scans[0].report.runs: has no run"),
        Arguments.of("SARIF runs null", scan("sarif", "{\"version\": \"2.1.0\", \"runs\": null}"),
            "$.scans[0].report.runs: must be an array"),
        Arguments.of("SARIF invocation that did not complete",
            scan("sarif", SARIF.formatted(", \"invocations\": [{\"executionSuccessful\": false}], \"results\": []")),
            "$.scans[0].report.runs[0].invocations[0].executionSuccessful: is false"),
        Arguments.of("CycloneDX BOM without vulnerabilities", scan("cyclonedx", BOM.formatted(", \"components\": []")),
            "$.scans[0].report.vulnerabilities: is absent: this BOM does not report vulnerabilities"),
        Arguments.of("CycloneDX vulnerabilities null", scan("cyclonedx", BOM.formatted(", \"vulnerabilities\": null")),
            "$.scans[0].report.vulnerabilities: must be an array"),
        Arguments.of("ModelScan with errors", scan("modelscan-json",
            "{\"summary\": {\"scanned\": {\"total_scanned\": 1}}, \"issues\": [], \"errors\": [{\"description\": \"x\"}]}"),
            "$.scans[0].report.errors: ModelScan reported 1 error(s)"),
        Arguments.of("ModelScan that scanned nothing", scan("modelscan-json", "{\"summary\": {\"total_issues\": 0}, \"issues\": [], \"errors\": []}"),
            "$.scans[0].report.summary.scanned: no file was scanned"),
        Arguments.of("gavel-summary without counts", scan("gavel-summary", "{\"findings\": []}"),
            "$.scans[0].report.counts: required object is missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("silentReports")
  void aReportThatDoesNotSayWhatItFoundIsBadInputNeverAClean(String name, Consumer<ObjectNode> change, String problem)
      throws Exception {
    assertBadInput(evaluate(edit(change).apply(fixture(MINIMAL))), problem);
  }

  static Stream<Arguments> explicitlyCleanReports() {
    return Stream.of(
        Arguments.of("SARIF results []", scan("sarif", SARIF.formatted(", \"invocations\": [{\"executionSuccessful\": true}], \"results\": []"))),
        Arguments.of("CycloneDX vulnerabilities []", scan("cyclonedx", BOM.formatted(", \"vulnerabilities\": []"))),
        Arguments.of("ModelScan scanned one file, no issue",
            scan("modelscan-json", "{\"summary\": {\"scanned\": {\"total_scanned\": 1}}, \"issues\": [], \"errors\": []}")),
        Arguments.of("gavel-summary counting zeros",
            scan("gavel-summary", "{\"counts\": {\"critical\": 0, \"high\": 0, \"medium\": 0, \"low\": 0}}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("explicitlyCleanReports")
  void aReportThatSaysItFoundNothingIsClean(String name, Consumer<ObjectNode> change) throws Exception {
    CliRun r = evaluate(edit(change).apply(fixture(MINIMAL)));
    assertThat(r.exit()).as(r.err() + r.out()).isZero();
  }

  // ---- 7: one rule for severities: malformed is bad input; unrated is unknown, and limited ----

  static Consumer<ObjectNode> vulnerability(String ratings) {
    return scan("cyclonedx", BOM.formatted(", \"vulnerabilities\": [{\"id\": \"CVE-1\"" + ratings + "}]"));
  }

  static Stream<Arguments> malformedSeverities() {
    String at = "$.scans[0].report.vulnerabilities[0].ratings";
    return Stream.of(
        Arguments.of("CycloneDX severity 5", vulnerability(", \"ratings\": [{\"severity\": 5}]"), at + "[0].severity: unknown severity 5"),
        Arguments.of("CycloneDX ratings a string", vulnerability(", \"ratings\": \"x\""), at + ": must be an array of rating objects"),
        Arguments.of("CycloneDX ratings an object (was a NullPointerException)",
            vulnerability(", \"ratings\": {\"severity\": \"low\"}"), at + ": must be an array of rating objects"),
        Arguments.of("CycloneDX score a string", vulnerability(", \"ratings\": [{\"score\": \"9.8\"}]"),
            at + "[0].score: must be a CVSS score (a number) but got \"9.8\""),
        Arguments.of("CycloneDX score 11", vulnerability(", \"ratings\": [{\"score\": 11}]"),
            at + "[0].score: CVSS score must be between 0 and 10"),
        Arguments.of("SARIF security-severity a word", scan("sarif", SARIF.formatted(
            ", \"results\": [{\"ruleId\": \"R\", \"properties\": {\"security-severity\": \"high\"}}]")),
            "$.scans[0].report.runs[0].results[0].properties.security-severity: must be a CVSS score but got \"high\""),
        Arguments.of("SARIF level a number", scan("sarif", SARIF.formatted(", \"results\": [{\"ruleId\": \"R\", \"level\": 5}]")),
            "$.scans[0].report.runs[0].results[0].level: unknown SARIF level 5"),
        Arguments.of("ModelScan severity SEVERE", scan("modelscan-json",
            "{\"summary\": {\"scanned\": {\"total_scanned\": 1}}, \"errors\": [], \"issues\": [{\"module\": \"posix\", "
                + "\"operator\": \"system\", \"source\": \"m.pt\", \"severity\": \"SEVERE\"}]}"),
            "$.scans[0].report.issues[0].severity: unknown ModelScan severity 'SEVERE'"),
        Arguments.of("gavel-summary count 2^64 (was read as 0)", scan("gavel-summary",
            "{\"counts\": {\"critical\": 18446744073709551616, \"high\": 0, \"medium\": 0, \"low\": 0}}"),
            "$.scans[0].report.counts.critical: must be at most 2147483647"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedSeverities")
  void aMalformedSeverityIsBadInputNeverUnknown(String name, Consumer<ObjectNode> change, String problem) throws Exception {
    assertBadInput(evaluate(edit(change).apply(fixture(MINIMAL))), problem);
  }

  @Test
  void aScoreBeyondTheDoubleRangeIsBadInputNotAnInternalError() throws Exception {
    String text = edit(vulnerability(", \"ratings\": [{\"score\": 7777}]")).apply(fixture(MINIMAL)).replace("7777", "1e400");
    assertBadInput(evaluate(text), "$.scans[0].report.vulnerabilities[0].ratings[0].score: number is out of range");
  }

  static String unrated(int n) {
    StringBuilder v = new StringBuilder();
    for (int i = 0; i < n; i++) {
      v.append(i == 0 ? "" : ", ").append("{\"id\": \"CVE-2026-90").append(String.format("%02d", i)).append("\"}");
    }
    return BOM.formatted(", \"vulnerabilities\": [" + v + "]");
  }

  @Test
  void unratedFindingsAreLimitedByTheDefaultPolicy() throws Exception {
    CliRun ten = evaluate(edit(scan("cyclonedx", unrated(10))).apply(fixture(MINIMAL)));
    assertThat(ten.exit()).as(ten.err() + ten.out()).isZero();
    assertThat(parse(ten.out()).at("/reasons")).isEmpty();
    CliRun eleven = evaluate(edit(scan("cyclonedx", unrated(11))).apply(fixture(MINIMAL)));
    assertThat(eleven.exit()).as(eleven.err()).isEqualTo(ExitCode.DENIED);
    assertThat(codes(eleven)).containsExactly("scan.unknown_findings");
    assertThat(parse(eleven.out()).at("/reasons/0/message").asText())
        .isEqualTo("11 findings of unknown severity (not rated by their report); tier minimal allows 10");
    CliRun high = evaluate(edit(scan("cyclonedx", unrated(1))).apply(fixture(HIGH)));
    assertThat(high.exit()).as(high.err()).isEqualTo(ExitCode.DENIED);
    assertThat(codes(high)).containsExactly("scan.unknown_findings");
  }

  // ---- 8: an id or key listed twice in trust or board data is a policy data error, in either order ----

  static ObjectNode trustEntry(String list, int index) {
    try {
      JsonNode trust = JSON.readTree(CliRun.repo().resolve("test-fixtures/trust.json").toFile());
      String parent = list.equals("members") ? "board" : "trust";
      return (ObjectNode) trust.path("gavel").path(parent).path(list).get(index).deepCopy();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Stream<Arguments> duplicatedTrustEntries() {
    Function<String, ObjectNode> revoked = list -> trustEntry(list, 0).put("revoked", true);
    Function<String, ObjectNode> expired = list -> trustEntry(list, 0).put("notAfter", "2026-01-01T00:00:00Z");
    Function<String, ObjectNode> otherKey = list -> trustEntry(list, 0).put("publicKey", trustEntry("signers", 1).get("publicKey").asText());
    Function<String, ObjectNode> sameKeyOtherId = list -> trustEntry(list, 0).put("id", "someone-else");
    return Stream.of(
        Arguments.of("signers", "a revoked copy", revoked, "id: duplicate id 'release-signer'"),
        Arguments.of("signers", "an expired copy", expired, "id: duplicate id 'release-signer'"),
        Arguments.of("signers", "the same key under another id", sameKeyOtherId, "publicKey: the same key as"),
        Arguments.of("builders", "a revoked copy", revoked, "id: duplicate id 'https://ci.example.com/builders/model-training@v1'"),
        Arguments.of("members", "a copy with another key", otherKey, "id: duplicate id 'alice@example.com'"),
        Arguments.of("members", "the same key under another id", sameKeyOtherId, "publicKey: the same key as"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("duplicatedTrustEntries")
  void aTrustListNamingAnIdOrKeyTwiceIsAPolicyDataErrorInEitherOrder(String list, String what,
      Function<String, ObjectNode> copy, String problem) throws Exception {
    String parent = list.equals("members") ? "board" : "trust";
    for (boolean copyFirst : new boolean[] {false, true}) {
      ObjectNode data = JSON.createObjectNode();
      ArrayNode entries = data.putObject("gavel").putObject(parent).putArray(list);
      entries.add(copyFirst ? copy.apply(list) : trustEntry(list, 0));
      entries.add(copyFirst ? trustEntry(list, 0) : copy.apply(list));
      Path overlay = tmp.resolve("dup-" + list + "-" + copyFirst + ".json");
      Files.writeString(overlay, write(data));
      CliRun r = evaluate(write(fixture(list.equals("builders") ? HIGH : list.equals("members") ? LIMITED : MINIMAL)),
          "--data", overlay.toString());
      assertBadInput(r, "policy data: data.gavel." + parent + "." + list + "[1]." + problem);
      assertThat(r.err()).contains("data.gavel." + parent + "." + list + "[0]");
    }
  }

  // ---- 9: unknown fields at every level Gavel defines; strict JSON inside signed payloads ----

  static Stream<Arguments> unknownFields() {
    return Stream.of(
        Arguments.of("/scans/0", "$.scans[0].x"),
        Arguments.of("/scans/0/subject", "$.scans[0].subject.x"),
        Arguments.of("/signatures/0", "$.signatures[0].x"),
        Arguments.of("/signatures/0/envelope", "$.signatures[0].envelope.x"),
        Arguments.of("/signatures/0/envelope/signatures/0", "$.signatures[0].envelope.signatures[0].x"),
        Arguments.of("/attestations/0", "$.attestations[0].x"),
        Arguments.of("/attestations/0/signatures/0", "$.attestations[0].signatures[0].x"),
        Arguments.of("/approvals/0/signature", "$.approvals[0].signature.x"),
        Arguments.of("/approvals/0/signature/envelope", "$.approvals[0].signature.envelope.x"),
        Arguments.of("/waivers/0", "$.waivers[0].x"),
        Arguments.of("/waivers/0/signature", "$.waivers[0].signature.x"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("unknownFields")
  void unknownFieldsAreRejectedAtEveryLevelGavelDefines(String pointer, String path) throws Exception {
    assertBadInput(evaluate(edit(r -> ((ObjectNode) r.at(pointer)).put("x", 1)).apply(fixture(HIGH))), path + ": unknown field");
  }

  @Test
  void thirdPartyDocumentsInsideTheRequestAreLeftToTheirOwnParsers() throws Exception {
    CliRun report = evaluate(edit(r -> ((ObjectNode) r.at("/scans/0/report")).put("x-vendor", 1)).apply(fixture(HIGH)));
    assertThat(report.exit()).as(report.err()).isZero();
    CliRun bundle = evaluate(edit(r -> ((ObjectNode) r.at("/signatures/0/bundle")).put("x-vendor", 1)).apply(fixture(LIMITED)));
    assertThat(bundle.exit()).as(bundle.err()).isZero();
  }

  /** The minimal fixture's statement with {@code subject} written twice: first another digest, then the real one. */
  static String statementWithTwoSubjects(ObjectNode request) {
    String statement = new String(Base64.getDecoder().decode(request.at("/signatures/0/envelope/payload").asText()), StandardCharsets.UTF_8);
    return statement.replaceFirst("\\{", "{\"subject\": [{\"name\": \"other\", \"digest\": {\"sha256\": \"" + "0".repeat(64) + "\"}}], ");
  }

  @Test
  void aDuplicateKeyInASignedStatementIsBadInputEvenWhenTheSignatureVerifies() throws Exception {
    ObjectNode r = fixture(MINIMAL);
    byte[] payload = statementWithTwoSubjects(r).getBytes(StandardCharsets.UTF_8);
    ObjectNode env = (ObjectNode) r.at("/signatures/0/envelope");
    env.put("payload", Base64.getEncoder().encodeToString(payload));
    ((ObjectNode) env.at("/signatures/0")).put("sig", Base64.getEncoder().encodeToString(
        sign("release-signer", Dsse.pae(env.get("payloadType").asText(), payload), false)));
    assertBadInput(evaluate(write(r)), "$.signatures[0].envelope.payload: payload is not valid JSON: line 3, column 12: "
        + "Duplicate field 'subject'");
  }

  @Test
  void aDuplicateKeyInAJwsHeaderIsBadInputEvenWhenTheSignatureVerifies() throws Exception {
    ObjectNode r = fixture(JWS);
    String[] parts = r.at("/signatures/0/jws").asText().split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"EdDSA\",\"kid\":\"unknown-signer\",\"kid\":\"release-signer\"}".getBytes(StandardCharsets.UTF_8));
    String input = header + "." + parts[1];
    String sig = b64.encodeToString(sign("release-signer", input.getBytes(StandardCharsets.US_ASCII), true));
    ((ObjectNode) r.at("/signatures/0")).put("jws", input + "." + sig);
    assertBadInput(evaluate(write(r)), "$.signatures[0].jws: JWS header is not valid JSON: line 1, column 44: Duplicate field 'kid'");
  }

  @Test
  void aDuplicateKeyInASignedApprovalIsBadInputNotAnInvalidSignature() throws Exception {
    ObjectNode r = fixture(LIMITED);
    ObjectNode env = (ObjectNode) r.at("/approvals/0/signature/envelope");
    String canonical = new String(Base64.getDecoder().decode(env.get("payload").asText()), StandardCharsets.UTF_8);
    byte[] payload = ("{\"decision\":\"reject\"," + canonical.substring(1)).getBytes(StandardCharsets.UTF_8);
    env.put("payload", Base64.getEncoder().encodeToString(payload));
    ((ObjectNode) env.at("/signatures/0")).put("sig", Base64.getEncoder().encodeToString(
        sign("bob", Dsse.pae(env.get("payloadType").asText(), payload), false)));
    assertBadInput(evaluate(write(r)), "$.approvals[0].signature.envelope.payload: payload is not valid JSON");
  }

  // ---- 10: values canonical JSON cannot represent are bad input at their path, not internal errors ----

  static Stream<Arguments> unrepresentable() {
    return Stream.of(
        Arguments.of("sizeBytes 1e400", edit(r -> ((ObjectNode) r.at("/model/artifacts/0")).put("sizeBytes", 4242)),
            "4242", "1e400", "$.model.artifacts[0].sizeBytes: number is out of range"),
        Arguments.of("a 400-digit integer", edit(r -> ((ObjectNode) r.at("/model/artifacts/0")).put("sizeBytes", 4242)),
            "4242", "1" + "0".repeat(400), "$.model.artifacts[0].sizeBytes: number is out of range"),
        Arguments.of("a lone surrogate in a value", edit(r -> ((ObjectNode) r.get("model")).put("owner", "@@")),
            "\"@@\"", "\"ml-\\ud800\"", "$.model.owner: string is not valid Unicode: lone surrogate U+D800 at index 3"),
        Arguments.of("a lone surrogate in the requester", edit(r -> ((ObjectNode) r.get("requester")).put("id", "@@")),
            "\"@@\"", "\"\\udfff\"", "$.requester.id: string is not valid Unicode: lone surrogate U+DFFF at index 0"),
        Arguments.of("a lone surrogate in a field name inside a report",
            edit(r -> ((ObjectNode) r.at("/scans/0/report")).put("@@", 1)), "\"@@\"", "\"\\ud800\"",
            "$.scans[0].report['\\ud800']: field name is not valid Unicode"),
        Arguments.of("a lone surrogate in a report string", edit(r -> ((ObjectNode) r.at("/scans/0/report/components/0")).put("name", "@@")),
            "\"@@\"", "\"\\udbff\"", "$.scans[0].report.components[0].name: string is not valid Unicode"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unrepresentable")
  void valuesCanonicalJsonCannotRepresentAreBadInputAtTheirPath(String name, Function<ObjectNode, String> change, String marker,
      String replacement, String problem) throws Exception {
    String text = change.apply(fixture(MINIMAL));
    assertThat(text).contains(marker);
    assertBadInput(evaluate(text.replace(marker, replacement)), problem);
  }
}
