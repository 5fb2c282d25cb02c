package dev.gavel.rego.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gavel.rego.RegoException;
import dev.gavel.rego.conformance.ConformanceCase;
import dev.gavel.rego.conformance.ConformanceSuite;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.Value;
import dev.gavel.testkit.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Formats every Rego module we have — the repository's policies/ and each module of OPA's
 * conformance cases in ../shared — and checks that formatting is idempotent, keeps the rules (the
 * parsed module, without comments and head operators, is the same) and, when a real OPA binary is
 * at hand ($GAVEL_OPA, {@code opa} on PATH, ~/go/bin/opa at v1.22.3), gives exactly what
 * {@code opa fmt} gives.
 */
public class FormatterCorpusTest {
  public record Source(String name, String text) {}

  public static List<Source> corpus() throws IOException {
    List<Source> out = new ArrayList<>();
    Path policies = SharedFiles.repo().resolve("policies");
    if (Files.isDirectory(policies)) {
      try (Stream<Path> s = Files.walk(policies)) {
        for (Path p : s.filter(f -> f.toString().endsWith(".rego")).sorted().toList()) {
          out.add(new Source(SharedFiles.repo().relativize(p).toString(), Files.readString(p)));
        }
      }
    }
    Path shared = Path.of(System.getProperty("gavel.shared.dir", SharedFiles.repo().resolve("../shared").toString()));
    Path conformance = shared.resolve("conformance").resolve("opa");
    if (Files.isDirectory(conformance)) {
      TreeSet<String> seen = new TreeSet<>();
      for (ConformanceCase c : ConformanceSuite.load(conformance)) {
        for (int k = 0; k < c.modules().size(); k++) {
          String m = c.modules().get(k);
          if (seen.add(m) && parses(m)) {
            out.add(new Source(c.id() + "#" + k, m));
          }
        }
      }
    }
    return out;
  }

  private static boolean parses(String m) {
    try {
      RegoParser.parseModule("m.rego", m);
      return true;
    } catch (RegoException e) {
      return false;
    }
  }

  @Test
  void formattingIsIdempotentAndKeepsTheRules() throws IOException {
    List<Source> corpus = corpus();
    assertThat(corpus).as("policies/ holds Rego modules").isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (Source s : corpus) {
      String once;
      try {
        once = RegoFormatter.format(s.name(), s.text());
      } catch (RuntimeException e) {
        problems.add(s.name() + ": " + e);
        continue;
      }
      String twice = RegoFormatter.format(s.name(), once);
      if (!twice.equals(once)) {
        problems.add(s.name() + ": not idempotent\n" + once + "----\n" + twice);
      } else if (!structure(s.text()).equals(structure(once))) {
        problems.add(s.name() + ": rules changed\n" + s.text() + "----\n" + once);
      }
    }
    assertThat(problems).as("modules the formatter breaks").isEmpty();
  }

  @Test
  void formattingMatchesOpaFmt() throws Exception {
    Path opa = opaBinary();
    assumeTrue(opa != null, "no OPA v1.22.3 binary ($GAVEL_OPA, opa on PATH, ~/go/bin/opa): skipping the comparison with opa fmt");
    List<Source> corpus = corpus();
    Path dir = Files.createTempDirectory("gavel-fmt");
    // opa fmt -w stops at the first file it cannot format: set that one aside and run again
    List<String> refused = new ArrayList<>();
    java.util.regex.Pattern failed = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(dir.toString())
        + "/(m\\d+\\.rego)");
    for (int attempt = 0; attempt < 50; attempt++) {
      for (int k = 0; k < corpus.size(); k++) {
        if (!refused.contains("m" + k + ".rego")) {
          Files.writeString(dir.resolve("m" + k + ".rego"), corpus.get(k).text());
        }
      }
      Process p = new ProcessBuilder(opa.toString(), "fmt", "-w", dir.toString()).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      if (p.exitValue() == 0) {
        break;
      }
      java.util.regex.Matcher m = failed.matcher(log);
      assertThat(m.find()).as("opa fmt failed without naming a file: %s", log).isTrue();
      refused.add(m.group(1));
      int index = Integer.parseInt(m.group(1).replaceAll("\\D", ""));
      System.out.println("opa fmt refuses " + corpus.get(index).name() + ": " + log.strip());
      Files.delete(dir.resolve(m.group(1)));
    }
    List<String> differ = new ArrayList<>();
    List<String> changesMeaning = new ArrayList<>();
    int templates = 0;
    Path dump = Path.of("target", "fmt-differences");
    for (int k = 0; k < corpus.size(); k++) {
      Source s = corpus.get(k);
      if (refused.contains("m" + k + ".rego")) {
        continue;
      }
      String expected = Files.readString(dir.resolve("m" + k + ".rego"));
      if (!structure(expected).equals(structure(s.text()))) {
        changesMeaning.add(s.name());
        continue;
      }
      String ours = RegoFormatter.format(s.name(), s.text());
      if (!ours.equals(expected) && (s.text().contains("$\"") || s.text().contains("$`"))) {
        templates++; // template strings are kept as written (README: partial); opa fmt rewrites their parts
      } else if (!ours.equals(expected)) {
        differ.add(s.name());
        Files.createDirectories(dump);
        Files.writeString(dump.resolve(k + ".in.rego"), s.text());
        Files.writeString(dump.resolve(k + ".opa.rego"), expected);
        Files.writeString(dump.resolve(k + ".ours.rego"), ours);
      }
    }
    int compared = corpus.size() - refused.size() - changesMeaning.size();
    System.out.printf("formatter: %d of %d modules as opa fmt prints them (%d differ only inside template strings,"
        + " kept as written); not compared: %d that opa fmt refuses, %d where its output means something else: %s%n",
        compared - differ.size() - templates, compared, templates, refused.size(), changesMeaning.size(), changesMeaning);
    assertThat(differ).as("modules formatted unlike opa fmt (see target/fmt-differences)").isEmpty();
  }

  public static Path opaBinary() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("GAVEL_OPA");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!d.isEmpty()) {
        candidates.add(Path.of(d, "opa"));
      }
    }
    candidates.add(Path.of(System.getProperty("user.home"), "go", "bin", "opa"));
    for (Path c : candidates) {
      if (Files.isExecutable(c) && version(c).contains("Version: 1.22.3")) {
        return c;
      }
    }
    return null;
  }

  private static String version(Path opa) {
    try {
      Process p = new ProcessBuilder(opa.toString(), "version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(20, TimeUnit.SECONDS) ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /**
   * The module's rules and imports as OPA's AST JSON, without comments, without whether a head
   * used := or = (the formatter writes := as opa fmt does), imports as a set, future.keywords
   * imports dropped where rego.v1 makes them redundant.
   */
  static Value structure(String source) {
    Value ast = AstJson.module("m.rego", source);
    ObjectValue o = (ObjectValue) ast;
    ObjectValue.Builder b = ObjectValue.builder();
    b.put("package", o.get("package"));
    if (o.get("rules") != null) {
      b.put("rules", strip(o.get("rules")));
    }
    TreeSet<Value> imports = new TreeSet<>();
    if (o.get("imports") instanceof ArrayValue a) {
      for (Value v : a.elements()) {
        if (!v.toString().contains("\"future\"")) {
          imports.add(v);
        }
      }
    }
    b.put("imports", ArrayValue.of(new ArrayList<>(imports)));
    return b.build();
  }

  private static Value strip(Value v) {
    if (v instanceof ArrayValue a) {
      List<Value> out = new ArrayList<>();
      for (Value x : a.elements()) {
        out.add(strip(x));
      }
      return ArrayValue.of(out);
    }
    if (v instanceof ObjectValue o) {
      ObjectValue.Builder b = ObjectValue.builder();
      for (Map.Entry<Value, Value> e : o.asMap().entrySet()) {
        String k = e.getKey().toString();
        if (!k.equals("\"assign\"") && !k.equals("\"generated\"")) {
          b.put(e.getKey(), strip(e.getValue()));
        }
      }
      return b.build();
    }
    if (v instanceof dev.gavel.rego.value.StringValue s && s.value().matches("__template_with_\\d+_\\d+")) {
      return dev.gavel.rego.value.StringValue.of("__template_with"); // named after its position
    }
    return v;
  }
}
