package dev.gavel.core.evidence;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real-world evidence from ../shared/fixtures; tests skip with a message when it is absent. */
final class SharedFixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private SharedFixtures() {}

  static Path dir(String sub) {
    Path p = Path.of(System.getProperty("gavel.shared.dir", "../../../shared"), "fixtures", sub).toAbsolutePath().normalize();
    assumeTrue(Files.isDirectory(p), "reference fixtures not found at " + p + " (../shared absent): skipping");
    return p;
  }

  static JsonNode json(Path p) throws IOException {
    return JSON.readTree(p.toFile());
  }
}
