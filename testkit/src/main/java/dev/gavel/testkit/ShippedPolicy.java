package dev.gavel.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The repository's policy as a governed policy repository holds it: every {@code .rego} file of
 * {@code policies/} under {@code policies/}, and a {@code policies/data.json} with the demo trust
 * roots and board of {@code test-fixtures/trust.json} and the number of approvals an activation needs.
 */
public final class ShippedPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ShippedPolicy() {}

  /** Path inside the repository to text, ready to commit. */
  public static Map<String, String> files(int requiredApprovals) throws IOException {
    Map<String, String> files = new HashMap<>();
    Path src = SharedFiles.repo().resolve("policies");
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".rego")).toList()) {
        files.put("policies/" + src.relativize(p), Files.readString(p));
      }
    }
    ObjectNode data = (ObjectNode) JSON.readTree(src.resolve("data.json").toFile());
    JsonNode trust = JSON.readTree(SharedFiles.repo().resolve("test-fixtures/trust.json").toFile());
    ObjectNode gavel = (ObjectNode) data.get("gavel");
    gavel.set("trust", trust.at("/gavel/trust"));
    gavel.set("board", trust.at("/gavel/board"));
    gavel.putObject("governance").putObject("policyApprovals").put("required", requiredApprovals);
    files.put("policies/data.json", data.toPrettyString());
    return files;
  }
}
