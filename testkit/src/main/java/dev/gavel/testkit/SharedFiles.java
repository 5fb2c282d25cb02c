package dev.gavel.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the repository (test-fixtures, policies) and the read-only reference material
 * beside it ({@code ../shared}: DESIGN section 5). The build passes both as system properties
 * ({@code gavel.repo.dir}, {@code gavel.shared.dir}); a test that needs {@code ../shared} skips with
 * a message naming the path when it is absent.
 */
public final class SharedFiles {
  /** Exact decimals, as Gavel itself reads documents. */
  public static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private SharedFiles() {}

  /** The repository root. */
  public static Path repo() {
    return Path.of(System.getProperty("gavel.repo.dir", "../..")).toAbsolutePath().normalize();
  }

  /** {@code ../shared} itself, or a skip (assumption failure) with a message when it is absent. */
  public static Path shared() {
    Path p = Path.of(System.getProperty("gavel.shared.dir", repo().resolve("../shared").toString())).toAbsolutePath().normalize();
    assumeTrue(Files.isDirectory(p), "reference material not found at " + p + " (../shared absent): skipping");
    return p;
  }

  /** {@code ../shared/fixtures/SUB}, or a skip with a message when it is absent. */
  public static Path fixtures(String sub) {
    Path p = shared().resolve("fixtures").resolve(sub);
    assumeTrue(Files.isDirectory(p), "reference fixtures not found at " + p + " (../shared absent): skipping");
    return p;
  }

  public static JsonNode json(Path p) throws IOException {
    return JSON.readTree(p.toFile());
  }
}
