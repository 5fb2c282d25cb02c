package dev.gavel.rego.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One case of an OPA-format YAML conformance file, identified by its file (relative to the suite
 * root) and its position in the file's {@code cases} list, since notes repeat.
 */
public record ConformanceCase(
    String file,
    int index,
    String note,
    String query,
    List<String> modules,
    JsonNode data,
    JsonNode input,
    String inputTerm,
    JsonNode wantResult,
    String wantErrorCode,
    String wantError,
    boolean strictError,
    boolean sortBindings) {

  public ConformanceCase {
    modules = List.copyOf(modules);
  }

  /** {@code folder/file.yaml#3}: the stable identity used by the ratchet list. */
  public String id() {
    return file + "#" + index;
  }
}
