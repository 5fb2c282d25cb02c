package dev.gavel.rego.builtins;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a YAML syntax error of the reader (SnakeYAML's wording, through Jackson) in the words
 * of go-yaml v2 (through sigs.k8s.io/yaml), which OPA v1.20's yaml.unmarshal reports: {@code
 * yaml: line 1: did not find expected ',' or ']'}. The line follows go-yaml v2's rule: the 0-based
 * line of the problem (1-based for scanner errors; the end of the stream counts as the next line),
 * else the 0-based line of the context, and no line at all when that number is 0.
 */
final class GoYamlErrors {
  private static final Pattern MARK = Pattern.compile("^ in '[^']*', line (\\d+), column (\\d+):$");

  private GoYamlErrors() {}

  static String translate(dev.gavel.json.Json.ParseException e) {
    String m = e.getMessage();
    Matcher alias = Pattern.compile("^alias \\*(\\S+) does not name").matcher(m);
    if (alias.find()) {
      return "yaml: unknown anchor '" + alias.group(1) + "' referenced";
    }
    return m.contains(" in '") ? translate(m) : e.located();
  }

  static String translate(String snake) {
    List<String> texts = new ArrayList<>();
    List<int[]> marks = new ArrayList<>();
    String[] lines = snake.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = MARK.matcher(lines[i]);
      if (m.matches()) {
        marks.add(new int[] {Integer.parseInt(m.group(1)) - 1, Integer.parseInt(m.group(2)) - 1});
        i += 2; // the snippet and its caret
      } else if (!lines[i].isBlank()) {
        texts.add(lines[i].strip());
      }
    }
    if (texts.isEmpty()) {
      return "yaml: " + snake;
    }
    String problem = texts.get(texts.size() - 1);
    String context = texts.size() > 1 ? texts.get(0) : "";
    int[] problemMark = marks.isEmpty() ? new int[] {0, 0} : marks.get(marks.size() - 1);
    int[] contextMark = marks.size() > 1 ? marks.get(0) : new int[] {0, 0};
    boolean scanner = !(context.startsWith("while parsing") || problem.startsWith("expected '<document start>'"));
    int problemLine = problemMark[0];
    if (!scanner && problem.contains("<stream end>") && problemMark[1] != 0) {
      problemLine++; // libyaml moves the end of the stream to a new line
    }
    int line = problemLine != 0 ? problemLine + (scanner ? 1 : 0) : contextMark[0];
    String where = line != 0 ? "line " + line + ": " : "";
    return "yaml: " + where + goProblem(context, problem);
  }

  private static String goProblem(String context, String problem) {
    if (problem.startsWith("expected '<document start>'")) {
      return "did not find expected <document start>";
    }
    if (context.startsWith("while parsing a flow sequence")) {
      return "did not find expected ',' or ']'";
    }
    if (context.startsWith("while parsing a flow mapping")) {
      return "did not find expected ',' or '}'";
    }
    if (context.startsWith("while parsing a block collection")) {
      return "did not find expected '-' indicator";
    }
    if (context.startsWith("while parsing a block mapping")) {
      return "did not find expected key";
    }
    if (problem.startsWith("expected the node content")) {
      return "did not find expected node content";
    }
    if (problem.startsWith("mapping values are not allowed")) {
      return "mapping values are not allowed in this context";
    }
    if (problem.startsWith("found character") && problem.contains("that cannot start any token")) {
      return "found character that cannot start any token";
    }
    if (problem.startsWith("found unexpected end of stream")) {
      return "found unexpected end of stream";
    }
    if (problem.startsWith("could not find expected ':'")) {
      return "could not find expected ':'";
    }
    int comma = problem.indexOf(", but found");
    return comma > 0 ? problem.substring(0, comma) : problem;
  }
}
