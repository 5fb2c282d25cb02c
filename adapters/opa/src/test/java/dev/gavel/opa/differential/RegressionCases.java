package dev.gavel.opa.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The minimal disagreements kept in the repository as regression cases, under
 * engine/rego/src/test/resources/differential: {@code NNN.rego} (the module) and {@code NNN.json}
 * ({@code input}, {@code data}, {@code strict}, OPA's outcome as {@code opa}, the embedded engine's
 * when the case was found as {@code embedded}, and where it came from as {@code found}).
 * {@code known.txt} there lists the cases the engine still answers differently, with why, and
 * {@code origins.txt} which generated disagreements ({@code SEED PROGRAM INPUT}) each case
 * explains, so a differential run recognises them without shrinking them again.
 */
final class RegressionCases implements ProgramDifferential.Known {
  /** One stored case. */
  record Case(String id, String module, JsonNode input, JsonNode data, boolean strict, Outcome opa, String category) {}

  private final Path dir;
  /** Read once and again after each write: a run asks for every disagreement. */
  private List<Case> cached;
  private java.util.Map<String, String> cachedOrigins;

  RegressionCases(Path dir) {
    this.dir = dir;
  }

  static RegressionCases inRepository(Path repo) {
    return new RegressionCases(repo.resolve("engine/rego/src/test/resources/differential"));
  }

  Path dir() {
    return dir;
  }

  List<Case> all() {
    if (cached == null) {
      cached = List.copyOf(read());
    }
    return cached;
  }

  private List<Case> read() {
    List<Case> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path rego : s.filter(p -> p.getFileName().toString().matches("\\d+\\.rego")).sorted().toList()) {
        String id = rego.getFileName().toString().replace(".rego", "");
        JsonNode meta = Json.read(Files.readAllBytes(dir.resolve(id + ".json")));
        out.add(new Case(id, Files.readString(rego), meta.get("input"), meta.get("data"), meta.path("strict").asBoolean(),
            Outcome.fromJson(meta.get("opa")), meta.path("category").asText("")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Json.ParseException e) {
      throw new IllegalStateException("a regression case in " + dir + " is not JSON: " + e.located(), e);
    }
    return out;
  }

  /** The id of the stored case with this module, input and strictness, if any. */
  Optional<String> find(String module, JsonNode input, boolean strict) {
    return all().stream().filter(c -> c.module().equals(module) && c.input().equals(input) && c.strict() == strict)
        .map(Case::id).findFirst();
  }

  @Override
  public boolean category(String category) {
    return ProgramDifferential.rejectionCategory(category) && all().stream().anyMatch(c -> c.category().equals(category));
  }

  @Override
  public boolean origin(String origin) {
    return origins().containsKey(origin);
  }

  /** Which case explains each recorded origin. */
  java.util.Map<String, String> origins() {
    if (cachedOrigins == null) {
      cachedOrigins = java.util.Map.copyOf(readOrigins());
    }
    return cachedOrigins;
  }

  private java.util.Map<String, String> readOrigins() {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    Path f = dir.resolve("origins.txt");
    if (!Files.exists(f)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        String[] p = line.strip().split("\\s+");
        if (p.length == 4 && !line.startsWith("#")) {
          out.put(p[0] + " " + p[1] + " " + p[2], p[3]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Stores a minimal case (a new one under the next free number, or its origins on the same case); returns its id. */
  String record(ProgramDifferential.Minimal m) {
    String id = find(m.module(), m.input(), m.strict()).orElseGet(() -> add(m));
    if (ProgramDifferential.rejectionCategory(m.category())) {
      return id; // explained by its category, wherever it occurs
    }
    try {
      Path f = dir.resolve("origins.txt");
      StringBuilder b = new StringBuilder();
      if (!Files.exists(f)) {
        b.append("# SEED PROGRAM INPUT CASE: generated disagreements (bench/differential.sh) and the case that explains each\n");
      }
      java.util.Map<String, String> known = origins();
      for (String o : m.origins()) {
        if (!known.containsKey(o)) {
          b.append(o).append(' ').append(id).append('\n');
        }
      }
      Files.writeString(f, b.toString(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      cachedOrigins = null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return id;
  }

  private String add(ProgramDifferential.Minimal m) {
    try {
      Files.createDirectories(dir);
      int next = all().stream().mapToInt(c -> Integer.parseInt(c.id())).max().orElse(0) + 1;
      String id = String.format("%03d", next);
      ObjectNode meta = JsonNodeFactory.instance.objectNode();
      meta.put("found", m.found());
      meta.put("category", m.category());
      meta.put("strict", m.strict());
      meta.set("input", m.input());
      meta.set("data", ProgramInputs.DATA);
      meta.set("opa", m.opa().toJson());
      meta.set("embedded", m.embedded().toJson());
      Files.writeString(dir.resolve(id + ".rego"), m.module(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(id + ".json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(meta) + "\n",
          StandardCharsets.UTF_8);
      cached = null;
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
