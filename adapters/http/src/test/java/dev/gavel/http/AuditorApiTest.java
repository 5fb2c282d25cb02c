package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.LedgerExport;
import dev.gavel.core.LedgerVerification;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.http.auth.Role;
import dev.gavel.ledger.ConsistencyProof;
import dev.gavel.ledger.InclusionProof;
import dev.gavel.ledger.NoteVerifier;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor's endpoints give what `gavel ledger ...` gives, and what they give verifies offline. */
class AuditorApiTest {
  @TempDir
  static Path tmp;
  static ServerFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = ServerFixture.start(tmp.resolve("home"));
    String[] names = {"allow-minimal-classifier.json", "deny-scan-missing.json", "allow-limited-chatbot.json"};
    for (int i = 0; i < 60; i++) {
      assertThat(fx.post("/v1/decisions", Role.PIPELINE, fixture(names[i % names.length])).statusCode()).isEqualTo(200);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void theCheckpointIsTheSignedNoteAndAnonymous() throws Exception {
    HttpResponse<String> r = fx.get("/v1/ledger/checkpoint", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(r.body()).isEqualTo(fx.gavel.ledger().latestCheckpoint().orElseThrow());
    JsonNode keys = json(fx.get("/v1/keys", null));
    NoteVerifier v = NoteVerifier.parse(keys.path("current").path("verifierKey").asText());
    assertThat(v.open(r.body())).as("the note verifies with the published key").startsWith(v.name());
    assertThat(keys.path("current").path("publicKeyPem").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(keys.path("history").isArray()).isTrue();
  }

  @Test
  void entriesAreTheExactBytesOneALine() throws Exception {
    HttpResponse<String> r = fx.get("/v1/ledger/entries?start=3&end=9", Role.AUDITOR);
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> lines = Arrays.asList(r.body().split("\n"));
    List<String> expected = new ArrayList<>();
    fx.gavel.ledger().entries(3, 9, row -> expected.add(new String(row.canonical(), StandardCharsets.UTF_8)));
    assertThat(lines).containsExactlyElementsOf(expected);
    assertThat(fx.get("/v1/ledger/entries?start=5&end=2", Role.AUDITOR).statusCode()).isEqualTo(400);
    assertThat(fx.get("/v1/ledger/entries?start=-1", Role.AUDITOR).statusCode()).isEqualTo(400);
  }

  @Test
  void proofsVerify() throws Exception {
    long size = fx.ledgerSize();
    InclusionProof p = InclusionProof.fromJson(json(fx.get("/v1/ledger/proof?index=7&size=" + size, Role.AUDITOR)));
    assertThat(p.verify()).isEmpty();
    assertThat(p.index()).isEqualTo(7);
    ConsistencyProof c = ConsistencyProof.fromJson(json(fx.get("/v1/ledger/consistency?from=5&to=" + size, Role.AUDITOR)));
    assertThat(c.verify()).isEmpty();
    assertThat(fx.get("/v1/ledger/proof?index=" + size, Role.AUDITOR).statusCode()).isEqualTo(400);
    assertThat(fx.get("/v1/ledger/proof", Role.AUDITOR).statusCode()).isEqualTo(400);
    assertThat(fx.get("/v1/ledger/consistency?from=0&to=3", Role.AUDITOR).statusCode()).isEqualTo(400);
  }

  @Test
  void exportsStreamWhatTheCliExportsAndVerifyOffline() throws Exception {
    for (LedgerExport.Format f : LedgerExport.Format.values()) {
      List<String> expected = new ArrayList<>();
      LedgerExport.write(fx.gavel.ledger(), f, EntryQuery.ALL, expected::add, LedgerVerification.Progress.NONE);
      HttpResponse<String> r = fx.get("/v1/ledger/export?format=" + f.name().toLowerCase(), Role.AUDITOR);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).as(f.name()).isEqualTo(String.join("\n", expected) + "\n");
    }
    String full = fx.get("/v1/ledger/export", Role.AUDITOR).body();
    String note = fx.get("/v1/ledger/checkpoint", null).body();
    NoteVerifier key = NoteVerifier.parse(json(fx.get("/v1/keys", null)).path("current").path("verifierKey").asText());
    List<String> lines = Arrays.asList(full.split("\n"));
    assertThat(LedgerVerification.verifyExport(lines, note, key, List.of(), LedgerVerification.Progress.NONE).passed()).isTrue();
    String partial = fx.get("/v1/ledger/export?model=customer-support-chatbot&outcome=allow", Role.AUDITOR).body();
    assertThat(LedgerVerification.verifyPartial(Arrays.asList(partial.split("\n")), key).passed()).isTrue();
    assertThat(fx.get("/v1/ledger/export?format=xml", Role.AUDITOR).statusCode()).isEqualTo(400);
    assertThat(fx.get("/v1/ledger/export?outcome=maybe", Role.AUDITOR).statusCode()).isEqualTo(400);
  }

  @Test
  void aLargeExportIsChunkedAndASlowReaderIsServedWithoutBufferingItAll() throws Exception {
    // A raw socket that reads a few bytes and then nothing for a while: the server waits, then
    // the reader takes the rest; the body is complete and chunked.
    try (Socket s = new Socket("127.0.0.1", fx.server.port())) {
      s.getOutputStream().write(("GET /v1/ledger/export HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + fx.tokens.get(Role.AUDITOR)
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(200);
      assertThat(new String(head, StandardCharsets.US_ASCII)).contains("200 OK").containsIgnoringCase("transfer-encoding: chunked");
      Thread.sleep(500);
      byte[] rest = in.readAllBytes();
      assertThat(head.length + rest.length).isGreaterThan(64 * 1024);
      assertThat(new String(rest, StandardCharsets.US_ASCII)).endsWith("0\r\n\r\n");
    }
    HttpResponse<String> h = fx.send(HttpRequest.newBuilder(fx.uri("/v1/ledger/export")), Role.AUDITOR);
    assertThat(h.body().length()).isGreaterThan(64 * 1024);
  }
}
