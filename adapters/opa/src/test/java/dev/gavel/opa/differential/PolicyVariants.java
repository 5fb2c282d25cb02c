package dev.gavel.opa.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Policy inputs mutated from the fixtures' (the exact documents the release gate hands the
 * evaluator: the request plus the facts Gavel verified), for comparing engines on the default
 * policy. Variant {@code i} of a seed is always the same document. Mutations aim at the policy's
 * decision points: tiers (configured or not), environments, finding counts and ages near the
 * tiers' limits, approvals (who, which role, sound or not, too old), signature and provenance
 * states, waivers, artifacts with bad digests, rollouts near the canary limit, model files.
 * Facts are drawn from a pool collected over every fixture, so combinations no single fixture has
 * appear too; the documents need not be ones verification could produce, since both engines
 * must agree on any input.
 */
final class PolicyVariants {
  private static final String[] TIERS = {"minimal", "limited", "high", "unacceptable", "experimental", ""};
  private static final String[] ENVIRONMENTS = {"production", "staging", "dev"};
  private static final String[] SEVERITIES = {"critical", "high", "medium", "low", "unknown"};
  private static final String[] KINDS = {"dependency-vulnerabilities", "model-security", "evaluation", "fuzzing"};
  private static final String[] ROLES = {"risk-officer", "ml-lead", "model-owner", "auditor"};
  private static final String[] PROBLEMS = {"identity_mismatch", "chain_untrusted", "expired_at_signing", "certificate_revoked",
      "tlog_invalid", "sct_invalid", "untrusted", "invalid"};
  private static final long DAY = 86_400;

  private final List<ObjectNode> seeds;
  private final List<JsonNode> signatures = new ArrayList<>();
  private final List<JsonNode> provenance = new ArrayList<>();
  private final List<JsonNode> approvals = new ArrayList<>();
  private final List<JsonNode> waivers = new ArrayList<>();
  private final List<JsonNode> scans = new ArrayList<>();
  private final long seed;

  /**
   * @param seeds the fixtures' policy inputs (each an object with {@code verified}); not empty
   * @param seed the run's seed: the same seed gives the same variants
   */
  PolicyVariants(List<ObjectNode> seeds, long seed) {
    if (Objects.requireNonNull(seeds, "seeds").isEmpty()) {
      throw new IllegalArgumentException("no seed inputs to mutate");
    }
    this.seeds = List.copyOf(seeds);
    this.seed = seed;
    for (ObjectNode s : seeds) {
      JsonNode v = s.get("verified");
      if (v == null || !v.isObject()) {
        throw new IllegalArgumentException("a seed input has no verified facts: " + s.path("model").path("name"));
      }
      v.path("signatures").forEach(signatures::add);
      v.path("provenance").forEach(provenance::add);
      v.path("approvals").forEach(approvals::add);
      v.path("waivers").forEach(waivers::add);
      v.path("scans").forEach(scans::add);
    }
  }

  /** Variant {@code i}: a fixture input with one to six mutations. */
  ObjectNode variant(long i) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
    ObjectNode in = seeds.get(r.nextInt(seeds.size())).deepCopy();
    int n = 1 + r.nextInt(6);
    for (int k = 0; k < n; k++) {
      mutate(in, r);
    }
    return in;
  }

  private void mutate(ObjectNode in, SplittableRandom r) {
    ObjectNode v = (ObjectNode) in.get("verified");
    switch (r.nextInt(14)) {
      case 0 -> in.put("riskTier", pick(r, TIERS));
      case 1 -> in.put("environment", pick(r, ENVIRONMENTS));
      case 2 -> rollout(in, r);
      case 3 -> counts(v, r);
      case 4 -> ages(v, r);
      case 5 -> approvals(in, v, r);
      case 6 -> signatures(v, r);
      case 7 -> provenance(v, r);
      case 8 -> waivers(v, r);
      case 9 -> scans(v, r);
      case 10 -> artifacts(in, r);
      case 11 -> files(v, r);
      case 12 -> in.withObjectProperty("requester").put("id", r.nextBoolean() ? "ci/release-pipeline" : pickText(r, approvals, "approver"));
      default -> {
        // several at once, as real requests rarely differ in one fact only
        counts(v, r);
        approvals(in, v, r);
      }
    }
  }

  private static void rollout(ObjectNode in, SplittableRandom r) {
    switch (r.nextInt(5)) {
      case 0 -> in.remove("rollout");
      case 1 -> in.putObject("rollout").put("strategy", "all-at-once");
      case 2 -> in.putObject("rollout").put("strategy", "shadow");
      case 3 -> in.putObject("rollout").put("strategy", "canary");
      default -> {
        ObjectNode ro = in.putObject("rollout").put("strategy", r.nextInt(4) == 0 ? "all-at-once" : "canary");
        switch (r.nextInt(4)) {
          case 0 -> ro.put("initialPercent", 10);
          case 1 -> ro.put("initialPercent", 11);
          case 2 -> ro.put("initialPercent", new java.math.BigDecimal("9.5"));
          default -> ro.put("initialPercent", r.nextInt(101));
        }
      }
    }
  }

  /** Finding counts at, below and above the tiers' limits (0, 3, 10), on one scan or all. */
  private static void counts(ObjectNode v, SplittableRandom r) {
    for (JsonNode s : v.path("scans")) {
      if (r.nextInt(3) == 0) {
        continue;
      }
      ObjectNode c = ((ObjectNode) s).withObjectProperty("counts");
      String sev = pick(r, SEVERITIES);
      int[] near = {0, 1, 2, 3, 4, 9, 10, 11};
      c.put(sev, r.nextInt(5) == 0 ? r.nextInt(50) : near[r.nextInt(near.length)]);
    }
  }

  /** Scan and approval ages around their windows (7 and 30 days), and in the future. */
  private static void ages(ObjectNode v, SplittableRandom r) {
    for (JsonNode s : v.path("scans")) {
      if (r.nextBoolean()) {
        ((ObjectNode) s).put("ageSeconds", around(r, 7 * DAY));
      }
    }
    for (JsonNode a : v.path("approvals")) {
      if (r.nextBoolean()) {
        ((ObjectNode) a).put("ageSeconds", around(r, 30 * DAY));
      }
    }
  }

  private static long around(SplittableRandom r, long limit) {
    return switch (r.nextInt(5)) {
      case 0 -> limit;
      case 1 -> limit + 1;
      case 2 -> -1 - r.nextInt(1000);
      case 3 -> r.nextLong(limit);
      default -> limit + r.nextLong(limit);
    };
  }

  private void approvals(ObjectNode in, ObjectNode v, SplittableRandom r) {
    ArrayNode list = v.withArrayProperty("approvals");
    switch (r.nextInt(4)) {
      case 0 -> {
        if (!list.isEmpty()) {
          list.remove(r.nextInt(list.size()));
        }
      }
      case 1 -> {
        if (!approvals.isEmpty()) {
          list.add(approvals.get(r.nextInt(approvals.size())).deepCopy());
        }
      }
      default -> {
        if (list.isEmpty()) {
          return;
        }
        ObjectNode a = (ObjectNode) list.get(r.nextInt(list.size()));
        switch (r.nextInt(8)) {
          case 0 -> a.put("signature", r.nextBoolean() ? "valid" : "invalid");
          case 1 -> a.put("boardMember", r.nextBoolean());
          case 2 -> a.put("roleHeld", r.nextBoolean());
          case 3 -> a.put("subjectMatches", r.nextBoolean());
          case 4 -> a.put("decision", r.nextInt(3) == 0 ? "reject" : "approve");
          case 5 -> a.put("approver", in.path("requester").path("id").asText());
          case 6 -> a.put("role", pick(r, ROLES));
          default -> a.put("approver", "member-" + r.nextInt(4) + "@example.com");
        }
      }
    }
  }

  private void signatures(ObjectNode v, SplittableRandom r) {
    ArrayNode list = v.withArrayProperty("signatures");
    int op = r.nextInt(5);
    if (op == 0) {
      list.removeAll();
    } else if (op == 1 && !signatures.isEmpty()) {
      list.add(signatures.get(r.nextInt(signatures.size())).deepCopy());
    } else if (!list.isEmpty()) {
      ObjectNode s = (ObjectNode) list.get(r.nextInt(list.size()));
      switch (r.nextInt(4)) {
        case 0 -> {
          s.put("status", "trusted").put("trusted", true);
          s.remove("problem");
        }
        case 1 -> s.put("status", "untrusted").put("trusted", false).put("problem", pick(r, PROBLEMS));
        case 2 -> s.put("status", "invalid").put("trusted", false);
        default -> {
          ArrayNode covers = s.withArrayProperty("covers");
          if (!covers.isEmpty()) {
            covers.remove(r.nextInt(covers.size()));
          }
        }
      }
    }
  }

  private void provenance(ObjectNode v, SplittableRandom r) {
    ArrayNode list = v.withArrayProperty("provenance");
    int op = r.nextInt(4);
    if (op == 0) {
      list.removeAll();
    } else if (op == 1 && !provenance.isEmpty()) {
      list.add(provenance.get(r.nextInt(provenance.size())).deepCopy());
    } else if (!list.isEmpty()) {
      ObjectNode p = (ObjectNode) list.get(r.nextInt(list.size()));
      String status = r.nextInt(3) == 0 ? "invalid" : r.nextBoolean() ? "trusted" : "untrusted";
      p.put("status", status).put("trusted", status.equals("trusted"));
      if (r.nextInt(4) == 0) {
        p.put("kind", "vsa");
      }
    }
  }

  private void waivers(ObjectNode v, SplittableRandom r) {
    ArrayNode list = v.withArrayProperty("waivers");
    if (r.nextBoolean() && !waivers.isEmpty()) {
      list.add(waivers.get(r.nextInt(waivers.size())).deepCopy());
    } else if (!list.isEmpty()) {
      ObjectNode w = (ObjectNode) list.get(r.nextInt(list.size()));
      boolean expired = r.nextBoolean();
      w.put("expired", expired).put("valid", !expired && r.nextBoolean());
    }
  }

  private void scans(ObjectNode v, SplittableRandom r) {
    ArrayNode list = v.withArrayProperty("scans");
    switch (r.nextInt(4)) {
      case 0 -> {
        if (!list.isEmpty()) {
          list.remove(r.nextInt(list.size()));
        }
      }
      case 1 -> list.add(scans.get(r.nextInt(scans.size())).deepCopy());
      case 2 -> {
        if (!list.isEmpty()) {
          ((ObjectNode) list.get(r.nextInt(list.size()))).put("subjectMatches", r.nextBoolean());
        }
      }
      default -> {
        if (!list.isEmpty()) {
          ((ObjectNode) list.get(r.nextInt(list.size()))).put("kind", pick(r, KINDS));
        }
      }
    }
  }

  private static void artifacts(ObjectNode in, SplittableRandom r) {
    ArrayNode list = in.withObjectProperty("model").withArrayProperty("artifacts");
    if (list.isEmpty()) {
      return;
    }
    ObjectNode a = (ObjectNode) list.get(r.nextInt(list.size()));
    switch (r.nextInt(4)) {
      case 0 -> a.withObjectProperty("digest").put("sha256", "NOT-HEX");
      case 1 -> a.put("name", "renamed-" + r.nextInt(100) + ".bin");
      case 2 -> list.add(a.deepCopy().put("name", "copy.bin"));
      default -> {
        if (list.size() > 1) {
          list.remove(r.nextInt(list.size()));
        }
      }
    }
  }

  /** Model files read from disk: matching, not matching a signature's manifest, or not checked. */
  private static void files(ObjectNode v, SplittableRandom r) {
    v.put("modelDirectory", r.nextBoolean());
    for (JsonNode s : v.path("signatures")) {
      if (r.nextBoolean()) {
        ObjectNode f = ((ObjectNode) s).putObject("files").put("match", r.nextBoolean());
        f.putArray("changed").add("weights-" + r.nextInt(3) + ".bin");
        f.putArray("missing");
        ArrayNode extra = f.putArray("extra");
        if (r.nextBoolean()) {
          extra.add("notes.txt");
        }
        if (r.nextBoolean()) {
          f.putArray("problems").add("manifest lists a directory");
        }
      }
    }
  }

  private static String pick(SplittableRandom r, String[] options) {
    return options[r.nextInt(options.length)];
  }

  private static String pickText(SplittableRandom r, List<JsonNode> pool, String field) {
    return pool.isEmpty() ? "nobody" : pool.get(r.nextInt(pool.size())).path(field).asText("nobody");
  }
}
