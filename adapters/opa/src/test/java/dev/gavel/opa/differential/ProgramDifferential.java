package dev.gavel.opa.differential;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Random programs evaluated by both engines: each program of a seed is put to both over two
 * inputs (strict builtin errors on even programs), agreements are counted by kind, and each
 * disagreement is shrunk to a minimal case (at most {@code maxShrinks} per run; the rest are
 * counted). Minimal cases are deduplicated by their text and input.
 */
final class ProgramDifferential {
  /**
   * A minimal disagreement: the program and input, what each engine answered, its category, and
   * where it was found ({@code "SEED PROGRAM INPUT"}: every disagreement that shrank to it).
   */
  record Minimal(String module, JsonNode input, boolean strict, Outcome embedded, Outcome opa, String category, List<String> origins,
      int checks) {
    String found() {
      return "seed " + origins.get(0).replaceFirst(" ", " program ").replaceFirst(" (\\d+)$", " input $1");
    }

    String describe() {
      return module.strip() + "\n  input    " + input + (strict ? "  (strict builtin errors)" : "") + "\n  embedded " + embedded
          + "\n  opa      " + opa;
    }
  }

  /**
   * What one run did: agreements by kind, disagreements by category (which engine rejects the
   * program and why, or both outcomes' kinds), how many were explained by recorded cases, and the
   * distinct minimal cases of the others.
   */
  record Summary(int programs, int questions, Map<String, Integer> agreed, int disagreements, Map<String, Integer> categories,
      int explained, int unshrunk, List<Minimal> minimal, long millis) {}

  /**
   * What the recorded cases already explain: a check only one engine makes is explained by its
   * category (one case per category); any other disagreement by where it was found.
   */
  interface Known {
    boolean category(String category);

    boolean origin(String origin);

    Known NOTHING = new Known() {
      @Override
      public boolean category(String category) {
        return false;
      }

      @Override
      public boolean origin(String origin) {
        return false;
      }
    };
  }

  private final Engines.Embedded embedded;
  private final Engines.Opa opa;
  private final int shrinkBudget;
  private final int maxShrinks;
  private java.util.function.Consumer<String> raw = x -> { };

  ProgramDifferential(Engines.Embedded embedded, Engines.Opa opa, int shrinkBudget, int maxShrinks) {
    this.embedded = Objects.requireNonNull(embedded, "embedded");
    this.opa = Objects.requireNonNull(opa, "opa");
    this.shrinkBudget = shrinkBudget;
    this.maxShrinks = maxShrinks;
  }

  /** Where each disagreement goes before shrinking (program, input and both outcomes), for triage. */
  ProgramDifferential showRaw(java.util.function.Consumer<String> sink) {
    this.raw = Objects.requireNonNull(sink, "sink");
    return this;
  }

  Summary run(long seed, long from, int count) {
    return run(seed, from, count, Known.NOTHING);
  }

  Summary run(long seed, long from, int count, Known known) {
    long start = System.nanoTime();
    Map<String, Integer> agreed = new TreeMap<>();
    Map<String, Integer> categories = new TreeMap<>();
    Map<String, Minimal> minimal = new LinkedHashMap<>();
    int questions = 0;
    int disagreements = 0;
    int shrinks = 0;
    int unshrunk = 0;
    int explained = 0;
    Map<String, Minimal> byCategory = new LinkedHashMap<>();
    for (long i = from; i < from + count; i++) {
      Node module = ProgramGenerator.module(seed, i);
      boolean strict = i % 2 == 0;
      String text = module.render();
      for (int k = 0; k < 2; k++) {
        JsonNode input = ProgramInputs.input(seed, i, k);
        Engines.Question q = new Engines.Question(text, input, ProgramInputs.DATA, strict);
        Outcome a = embedded.ask(q);
        Outcome b = opa.ask(q);
        questions++;
        if (a.agrees(b)) {
          agreed.merge(a.kind().name().toLowerCase(), 1, Integer::sum);
          if (a.kind() == Outcome.Kind.COMPILE_ERROR) {
            break; // the other input cannot change a compile error
          }
          continue;
        }
        disagreements++;
        String category = category(a, b);
        raw.accept("seed " + seed + " program " + i + " input " + k + " [" + category + "]\n" + text + "  input    " + input
            + "\n  embedded " + a + "\n  opa      " + b);
        categories.merge(category, 1, Integer::sum);
        String origin = seed + " " + i + " " + k;
        boolean rejection = rejection(a, b);
        if (rejection ? known.category(category) : known.origin(origin)) {
          explained++;
          continue;
        }
        if (rejection && byCategory.containsKey(category)) {
          byCategory.get(category).origins().add(origin); // one minimal case per check only one engine makes
          continue;
        }
        if (shrinks >= maxShrinks) {
          unshrunk++;
          continue;
        }
        shrinks++;
        Minimal m = shrink(module, input, strict, a, b, category, origin);
        Minimal same = minimal.putIfAbsent(m.module() + "\n" + shape(m.input()) + m.strict(), m);
        if (same != null) {
          same.origins().add(origin);
        } else if (rejection) {
          byCategory.put(category, m);
        }
      }
    }
    return new Summary(count, questions, agreed, disagreements, categories, explained, unshrunk, new ArrayList<>(minimal.values()),
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Whether one engine refuses to compile what the other compiles. */
  static boolean rejection(Outcome a, Outcome b) {
    return (a.kind() == Outcome.Kind.COMPILE_ERROR) != (b.kind() == Outcome.Kind.COMPILE_ERROR);
  }

  /**
   * The input with every scalar replaced by its type: minimal cases that differ only in such
   * values ({@code input.m + 1} at m = -1.3 and at m = -2.1) are one case with two origins.
   */
  static String shape(JsonNode n) {
    if (n.isObject()) {
      StringBuilder b = new StringBuilder("{");
      n.properties().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.append(e.getKey()).append(':')
          .append(shape(e.getValue())).append(','));
      return b.append('}').toString();
    }
    if (n.isArray()) {
      StringBuilder b = new StringBuilder("[");
      n.forEach(x -> b.append(shape(x)).append(','));
      return b.append(']').toString();
    }
    return n.getNodeType().name();
  }

  /** Whether a category names a check only one engine makes (explained by one case for all). */
  static boolean rejectionCategory(String category) {
    return category.startsWith("only ");
  }

  /** A disagreement's category: the check only one engine makes, or both outcomes' kinds. */
  static String category(Outcome embedded, Outcome opa) {
    if (opa.kind() == Outcome.Kind.COMPILE_ERROR && embedded.kind() != Outcome.Kind.COMPILE_ERROR) {
      return "only OPA rejects: " + opa.signature();
    }
    if (embedded.kind() == Outcome.Kind.COMPILE_ERROR && opa.kind() != Outcome.Kind.COMPILE_ERROR) {
      return "only Gavel rejects: " + embedded.signature();
    }
    return "embedded " + embedded.kind() + (embedded.code().isEmpty() ? "" : " " + embedded.code()) + " vs opa " + opa.kind()
        + (opa.code().isEmpty() ? "" : " " + opa.code());
  }

  /**
   * Shrinks one disagreement so that it stays the same: when one engine rejects the program, that
   * engine's error (kind, code, message shape) is kept and the other must still compile it; else
   * both sides' outcomes are kept and must still differ.
   */
  Minimal shrink(Node module, JsonNode input, boolean strict, Outcome a, Outcome b, String category, String origin) {
    String left = a.signature();
    String right = b.signature();
    boolean opaRejects = b.kind() == Outcome.Kind.COMPILE_ERROR && a.kind() != Outcome.Kind.COMPILE_ERROR;
    boolean gavelRejects = a.kind() == Outcome.Kind.COMPILE_ERROR && b.kind() != Outcome.Kind.COMPILE_ERROR;
    Shrinker s = new Shrinker((m, in) -> {
      Engines.Question q = new Engines.Question(m.render(), in, ProgramInputs.DATA, strict);
      Outcome x = embedded.ask(q);
      if (opaRejects ? x.kind() == Outcome.Kind.COMPILE_ERROR : !x.signature().equals(left)) {
        return false;
      }
      Outcome y = opa.ask(q);
      if (gavelRejects) {
        return y.kind() != Outcome.Kind.COMPILE_ERROR;
      }
      return y.signature().equals(right) && !x.agrees(y);
    }, shrinkBudget);
    Shrinker.Shrunk r = s.shrink(module, input);
    Engines.Question q = new Engines.Question(r.module().render(), r.input(), ProgramInputs.DATA, strict);
    return new Minimal(q.module(), r.input(), strict, embedded.ask(q), opa.ask(q), category, new ArrayList<>(List.of(origin)), r.checks());
  }
}
