package dev.gavel.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.http.auth.Role;
import dev.gavel.json.Json;
import dev.gavel.testkit.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client nobody here wrote: OPA's TypeScript SDK (@styra/opa, pinned in
 * src/test/node/package-lock.json), run by the machine's Node.js, evaluates
 * {@code gavel/release/decision} through the Data API unchanged. Installs the SDK with
 * {@code npm ci} when it is not installed yet; skips, saying why, only when node or npm is absent.
 */
class OpaSdkTest {
  @TempDir
  Path tmp;

  @Test
  void opasTypeScriptSdkEvaluatesTheReleaseDecision() throws Exception {
    Path dir = SharedFiles.repo().resolve("adapters/http/src/test/node");
    assumeTrue(onPath("node") && onPath("npm"), "node or npm is not on PATH: the @styra/opa SDK check is skipped");
    if (!Files.isDirectory(dir.resolve("node_modules/@styra/opa"))) {
      Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
          .redirectErrorStream(true).start();
      String log = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(install.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(install.exitValue()).as("npm ci:\n" + log).isZero();
    }
    try (ServerFixture fx = ServerFixture.start(tmp.resolve("home"))) {
      Path inputs = SharedFiles.repo().resolve("test-fixtures/policy-inputs");
      JsonNode allowed = run(dir, fx, inputs.resolve("allow-minimal-classifier.json"));
      assertThat(allowed.path("decision").path("allow").asBoolean()).isTrue();
      assertThat(allowed.path("decision").path("deny").size()).isZero();
      assertThat(allowed.path("allow").asBoolean()).isTrue();
      assertThat(allowed.path("unauthenticated").path("message").asText()).isNotEmpty();
      JsonNode denied = run(dir, fx, inputs.resolve("deny-approval-insufficient.json"));
      assertThat(denied.path("decision").path("allow").asBoolean()).isFalse();
      List<String> codes = new ArrayList<>();
      denied.path("decision").path("deny").forEach(d -> codes.add(d.path("code").asText()));
      assertThat(codes).contains("approval.insufficient");
      // What the SDK got is what the embedded engine answers in-process for the same input.
      JsonNode direct = ServerFixture.json(fx.post("/v1/data/gavel/release/decision", Role.PIPELINE,
          "{\"input\":" + Files.readString(inputs.resolve("deny-approval-insufficient.json")) + "}")).path("result");
      assertThat(denied.path("decision")).isEqualTo(direct);
    }
  }

  private static JsonNode run(Path dir, ServerFixture fx, Path input) throws Exception {
    Process p = new ProcessBuilder("node", "sdk-check.mjs", fx.uri("").toString(), fx.tokens.get(Role.PIPELINE), input.toString())
        .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("node sdk-check.mjs:\n" + out + err).isZero();
    return Json.read(out.strip());
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
