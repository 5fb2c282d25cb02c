package dev.gavel.rego.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.Json;
import dev.gavel.json.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds and reads OPA-format YAML conformance files under a directory. */
public final class ConformanceSuite {
  private ConformanceSuite() {}

  /** Every case under {@code root}, files in path order. */
  public static List<ConformanceCase> load(Path root) {
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read conformance directory " + root, e);
    }
    List<ConformanceCase> out = new ArrayList<>();
    for (Path f : files) {
      out.addAll(read(root, f));
    }
    return out;
  }

  static List<ConformanceCase> read(Path root, Path file) {
    JsonNode doc;
    try {
      doc = Yaml.reader().readDocument(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (Json.ParseException e) {
      throw new IllegalArgumentException("cannot parse " + file + ": " + e.located(), e);
    }
    String rel = root.relativize(file).toString().replace('\\', '/');
    List<ConformanceCase> out = new ArrayList<>();
    JsonNode cases = doc == null ? null : doc.get("cases");
    if (cases == null || !cases.isArray()) {
      return out;
    }
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      List<String> modules = new ArrayList<>();
      if (c.has("modules")) {
        for (JsonNode m : c.get("modules")) {
          modules.add(m.asText());
        }
      }
      out.add(new ConformanceCase(
          rel, i,
          text(c, "note"),
          text(c, "query"),
          modules,
          c.get("data"),
          c.get("input"),
          text(c, "input_term"),
          c.get("want_result"),
          text(c, "want_error_code"),
          text(c, "want_error"),
          c.path("strict_error").asBoolean(false),
          c.path("sort_bindings").asBoolean(false)));
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
