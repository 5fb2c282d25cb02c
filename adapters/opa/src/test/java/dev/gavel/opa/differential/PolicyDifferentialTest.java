package dev.gavel.opa.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.embedded.EmbeddedEvaluator;
import dev.gavel.json.Json;
import dev.gavel.opa.OpaEvaluator;
import dev.gavel.opa.OpaServer;
import dev.gavel.testkit.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default policy library gives the same answer from the embedded engine and from a real OPA
 * on every fixture request and on 10,000 generated variants of them (bench/differential.sh runs
 * more): allow, every reason and warning with its message, and the mask.
 */
class PolicyDifferentialTest {
  static final long SEED = 20261201L;
  static OpaServer opa;
  static PolicySnapshot policy;
  static Map<String, ObjectNode> fixtures;
  static PolicyDifferential diff;

  @BeforeAll
  static void start() throws Exception {
    OpaServer.binary();
    opa = OpaServer.start();
    Path repo = SharedFiles.repo();
    policy = PolicyDifferential.shippedPolicy(repo);
    fixtures = PolicyDifferential.fixtureInputs(repo, policy);
    diff = new PolicyDifferential(policy, new EmbeddedEvaluator(Duration.ofSeconds(10)),
        new OpaEvaluator(opa.url(), null, null, Duration.ofSeconds(10), 3));
  }

  @AfterAll
  static void stop() throws Exception {
    if (opa != null) {
      opa.close();
    }
  }

  @Test
  void everyFixtureRequestIsDecidedAlikeWithEveryReasonAndMessage() throws Exception {
    PolicyDifferential.Summary s = diff.compare(fixtures);
    assertThat(s.disagreements()).isEmpty();
    assertThat(s.inputs()).isEqualTo(fixtures.size()).isGreaterThan(20);
    // The fixtures exercise every reason code the library documents.
    JsonNode expected = Json.read(Files.readAllBytes(SharedFiles.repo().resolve("test-fixtures/requests/expected-reasons.json")));
    Set<String> documented = new TreeSet<>();
    expected.forEach(codes -> codes.forEach(c -> documented.add(c.asText())));
    assertThat(s.codes().keySet()).containsAll(documented);
  }

  @Test
  void tenThousandVariantsOfTheFixturesAreDecidedAlike() {
    PolicyVariants variants = new PolicyVariants(new ArrayList<>(fixtures.values()), SEED);
    PolicyDifferential.Summary s = diff.compareVariants(variants, 0, 10_000);
    List<String> shown = s.disagreements().stream().limit(3)
        .map(d -> d.name() + ":\n  embedded " + d.left() + "\n  opa      " + d.right() + "\n  input " + d.input()).toList();
    assertThat(shown).as("disagreements (%d)", s.disagreements().size()).isEmpty();
    assertThat(s.inputs()).isEqualTo(10_000);
    // The variants reach both outcomes and many decision points, not one path over and over.
    assertThat(s.allowed()).isBetween(100, 9_900);
    assertThat(s.codes().keySet()).hasSizeGreaterThan(20);
  }

  @Test
  void theVariantsAreDeterministicAndDifferFromTheirSeeds() {
    PolicyVariants a = new PolicyVariants(new ArrayList<>(fixtures.values()), SEED);
    PolicyVariants b = new PolicyVariants(new ArrayList<>(fixtures.values()), SEED);
    assertThat(a.variant(42)).isEqualTo(b.variant(42));
    assertThat(a.variant(42)).isNotEqualTo(a.variant(43));
    long unchanged = java.util.stream.LongStream.range(0, 200).filter(i -> fixtures.containsValue(a.variant(i))).count();
    assertThat(unchanged).isLessThan(20);
  }

  /**
   * Outside what the gate hands the policy (the request schema requires every artifact's sha256),
   * an artifact without a digest: both engines deny with artifact.digest_missing. (The rule once
   * read {@code not regex.match(pattern, artifact.digest.sha256)}, which OPA takes as failing when the
   * digest is missing, as it evaluates a negated call's reference operands first; so does Gavel now,
   * and the rule asks a function of the whole artifact instead.)
   */
  @Test
  void anArtifactWithoutADigestIsDeniedByBothEngines() throws Exception {
    ObjectNode in = fixtures.get("allow-high-credit-scorer.json").deepCopy();
    ((ObjectNode) in.at("/model/artifacts/0/digest")).remove("sha256");
    PolicyDifferential.Result embedded = PolicyDifferential.outcome(new EmbeddedEvaluator(Duration.ofSeconds(10)), policy, in);
    PolicyDifferential.Result remote = PolicyDifferential.outcome(new OpaEvaluator(opa.url(), null, null, Duration.ofSeconds(10), 3),
        policy, in);
    Set<String> ours = new TreeSet<>();
    embedded.decision().path("deny").forEach(r -> ours.add(r.path("code").asText()));
    Set<String> theirs = new TreeSet<>();
    remote.decision().path("deny").forEach(r -> theirs.add(r.path("code").asText()));
    assertThat(ours).isEqualTo(theirs).contains("artifact.digest_missing");
  }
}
