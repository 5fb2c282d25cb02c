package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.git.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policies governed in Git, end to end through the CLI on a real repository: bootstrap, impact,
 * approvals by two board keys, activation, the log, replay without the repository, and every way
 * an activation is refused (each recorded, the active revision unchanged).
 */
class GovernanceTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String AUTHOR = "dana@example.com";

  @TempDir
  Path tmp;

  Path home;
  TestRepo repo;
  String v1;

  @BeforeEach
  void bootstrapped() throws Exception {
    home = tmp.resolve("home");
    repo = TestRepo.init(Files.createDirectories(tmp.resolve("policy-repo")));
    v1 = repo.commit(AUTHOR, "Release policy v1", dev.gavel.testkit.ShippedPolicy.files(2));
    CliRun b = gavel("policy", "activate", "--bootstrap");
    assertThat(b.exit()).as(b.out() + b.err()).isZero();
    assertThat(b.out()).startsWith("ACTIVATED " + v1).containsPattern("ok     tests: (\\d+)/\\1 passed");
  }

  @AfterEach
  void close() {
    repo.close();
  }

  CliRun gavel(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--policy-repo", repo.dir().toString()));
    return CliRun.run(home, a.toArray(new String[0]));
  }

  CliRun evaluate(String fixture) {
    return gavel("evaluate", "--at", CliRun.FIXTURE_TIME, CliRun.request(fixture).toString());
  }

  String approve(String rev, String member, String... extra) {
    List<String> a = new ArrayList<>(List.of("policy", "approve", rev, "--key",
        CliRun.repo().resolve("test-fixtures/keys/" + member + ".private.pem").toString(), "--approver", member + "@example.com"));
    a.addAll(List.of(extra));
    CliRun r = gavel(a.toArray(new String[0]));
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    return r.out();
  }

  String change(String message, String path, String text) throws Exception {
    Map<String, String> f = new HashMap<>();
    f.put(path, text);
    return repo.commit(AUTHOR, message, f);
  }

  String stricterLimitedTier() throws Exception {
    String data = Files.readString(repo.dir().resolve("policies/data.json"));
    ObjectNode d = (ObjectNode) JSON.readTree(data);
    ((ObjectNode) d.at("/gavel/config/tiers/limited/approvals")).put("required", 2);
    return change("Limited tier: two approvals", "policies/data.json", d.toPrettyString());
  }

  @Test
  void aBoardWalksAChangeThroughImpactApprovalsAndActivation() throws Exception {
    assertThat(evaluate("allow-limited-chatbot.json").exit()).isZero();
    assertThat(evaluate("deny-scan-stale.json").exit()).isEqualTo(1);
    String v2 = stricterLimitedTier();
    CliRun impact = gavel("policy", "impact", v2, "--output", "json");
    assertThat(impact.exit()).as(impact.err()).isEqualTo(1);
    JsonNode report = JSON.readTree(impact.out());
    assertThat(report.get("revision").asText()).isEqualTo(v2);
    assertThat(report.get("replayed").asInt()).isEqualTo(2);
    assertThat(report.get("unchanged").asInt()).isEqualTo(1);
    assertThat(report.get("changed")).hasSize(1);
    assertThat(report.at("/changed/0/from").asText()).isEqualTo("allow");
    assertThat(report.at("/changed/0/to").asText()).isEqualTo("deny");
    assertThat(report.at("/changed/0/reasonsAdded/0").asText()).startsWith("approval.insufficient");
    assertThat(gavel("policy", "impact", v2, "--output", "markdown").out()).contains("| allow → deny |");

    assertThat(approve(v2, "bob")).contains("recorded the approve of " + v2 + " by bob@example.com");
    CliRun refused = gavel("policy", "activate");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).contains("FAILED approvals: 1 of 2 required").contains("the active revision is unchanged");
    assertThat(evaluate("allow-limited-chatbot.json").exit()).as("the previous revision keeps deciding").isZero();

    Path carol = tmp.resolve("carol.json");
    approve(v2, "carol", "-o", carol.toString());
    CliRun activated = gavel("policy", "activate", v2, "--approval", carol.toString());
    assertThat(activated.exit()).as(activated.out()).isZero();
    assertThat(activated.out()).contains("ok     approvals: 2 of 2 required").contains("bob@example.com, carol@example.com");
    assertThat(evaluate("allow-limited-chatbot.json").exit()).as("the new revision decides").isEqualTo(1);
    JsonNode d = JSON.readTree(evaluate("allow-minimal-classifier.json").out());
    assertThat(d.at("/policy/revision").asText()).isEqualTo(v2);

    String log = gavel("policy", "log").out();
    assertThat(log.indexOf("ACTIVATED  " + v2)).isLessThan(log.indexOf("REFUSED    " + v2));
    assertThat(log).contains("BOOTSTRAP  " + v1);
    assertThat(gavel("policy", "status").out()).contains("active: ").contains(v2).contains("the head is the active revision");
    assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();
  }

  @Test
  void aDecisionReplaysAtItsCommitWithoutTheRepository() throws Exception {
    String id = JSON.readTree(evaluate("deny-scan-stale.json").out()).get("decisionId").asText();
    repo.close();
    dev.gavel.testkit.Trees.delete(repo.dir());
    CliRun r = CliRun.run(home, "ledger", "replay", id);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).startsWith("IDENTICAL").contains(v1);
  }

  @Test
  void everyBadActivationIsRefusedRecordedAndLeavesTheActiveRevision() throws Exception {
    String good = stricterLimitedTier();
    Path forged = tmp.resolve("forged.json");
    // Bob's statement signed with Mallory's key: a forgery.
    CliRun m = gavel("policy", "approve", good, "--key", CliRun.repo().resolve("test-fixtures/keys/mallory.private.pem").toString(),
        "--approver", "bob@example.com", "-o", forged.toString());
    assertThat(m.exit()).isZero();
    Path otherCommit = tmp.resolve("other.json");
    approve(v1, "carol", "-o", otherCommit.toString());
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"a forged approval", good, "--approval=" + forged, "the signature does not verify under the board key"});
    cases.add(new String[] {"an approval of another commit", good, "--approval=" + otherCommit, "it approves commit " + v1});
    cases.add(new String[] {"a ref that does not exist", "no-such-ref", "", "is not a commit of"});
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("policy", "activate", c[1]));
      if (!c[2].isEmpty()) {
        args.add(c[2]);
      }
      CliRun r = gavel(args.toArray(new String[0]));
      assertThat(r.exit()).as(c[0] + ": " + r.out() + r.err()).isEqualTo(1);
      assertThat(r.out()).as(c[0]).startsWith("REFUSED").contains(c[3]).contains("the active revision is unchanged");
    }
    String broken = change("Typo", "policies/release/broken.rego", "package gavel.release\n\ndeny contains \"x\" if {\n");
    CliRun syntax = gavel("policy", "activate", broken);
    assertThat(syntax.exit()).isEqualTo(1);
    assertThat(syntax.out()).contains("FAILED compiles").contains("policies/release/broken.rego:").contains("rego_parse_error");
    String failing = change("A failing test", "policies/release/broken.rego",
        "package gavel.release_test\n\nimport rego.v1\n\ntest_that_fails if { 1 == 2 }\n");
    assertThat(gavel("policy", "activate", failing).out()).containsPattern("FAILED tests: (\\d+)/\\d+ passed, 1 failed").contains("test_that_fails");
    String noDir = change("Move", "policies/release/broken.rego", null);
    repo.git().rm().addFilepattern("policies").call();
    String empty = repo.git().commit().setMessage("remove the policies").setAuthor("dana", AUTHOR).call().name();
    assertThat(gavel("policy", "activate", empty).out()).contains("FAILED resolves").contains("no policy files");
    assertThat(noDir).isNotEmpty();
    CliRun again = gavel("policy", "activate", "--bootstrap", good);
    assertThat(again.out()).contains("FAILED bootstrap").contains("only for the first activation");
    assertThat(gavel("policy", "status").out()).contains("active: ").contains(v1);
    String log = gavel("policy", "log").out();
    assertThat(log.split("REFUSED", -1).length - 1).as(log).isEqualTo(7);
    assertThat(CliRun.run(home, "ledger", "verify").exit()).isZero();
  }

  @Test
  void theAuthorCannotApproveAndAMemberAddedByTheChangeDoesNotCount() throws Exception {
    // Carol authors a change that adds Mallory to the board; approvals by Carol and Mallory must not count.
    String data = Files.readString(repo.dir().resolve("policies/data.json"));
    ObjectNode d = (ObjectNode) JSON.readTree(data);
    ((com.fasterxml.jackson.databind.node.ArrayNode) d.at("/gavel/board/members")).addObject().put("id", "mallory@example.com")
        .put("publicKey", Files.readString(CliRun.repo().resolve("test-fixtures/keys/mallory.public.pem"))).putArray("roles");
    Map<String, String> f = new HashMap<>();
    f.put("policies/data.json", d.toPrettyString());
    String change = repo.commit("carol@example.com", "Add Mallory to the board", f);
    Path byCarol = tmp.resolve("carol.json");
    Path byMallory = tmp.resolve("mallory.json");
    approve(change, "carol", "-o", byCarol.toString());
    approve(change, "mallory", "-o", byMallory.toString());
    CliRun r = gavel("policy", "activate", change, "--approval", byCarol.toString(), "--approval", byMallory.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED approvals: 0 of 2 required");
    String log = JSON.readTree(CliRun.run(home, "ledger", "export").out().lines().reduce((a, b) -> b).orElseThrow()).toString();
    assertThat(log).contains("is the commit's author").contains("is not a member of the active revision's board");
    CliRun submit = gavel("policy", "approve", change, "--key", CliRun.repo().resolve("test-fixtures/keys/mallory.private.pem").toString(),
        "--approver", "mallory@example.com");
    assertThat(submit.exit()).as("an approval that can never count is not recorded").isEqualTo(2);
    assertThat(submit.err()).contains("is not a member of the active revision's board");
  }

  @Test
  void aRepositoryThatIsNotARepositoryIsARecordedRefusal() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    CliRun r = CliRun.run(home, "policy", "activate", "--policy-repo", plain.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).startsWith("REFUSED").contains("is not a Git repository");
    assertThat(gavel("policy", "log").out()).contains("REFUSED");
    assertThat(evaluate("allow-minimal-classifier.json").exit()).isZero();
  }
}
