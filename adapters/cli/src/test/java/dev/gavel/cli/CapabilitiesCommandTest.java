package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gavel capabilities through the CLI: OPA's capabilities JSON shape. */
class CapabilitiesCommandTest {
  @TempDir
  Path home;

  @Test
  void printsTheCatalogueInOpasCapabilitiesFormat() throws Exception {
    CliRun r = CliRun.run(home, "capabilities");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode caps = new ObjectMapper().readTree(r.out());
    JsonNode count = null;
    for (JsonNode b : caps.get("builtins")) {
      if (b.get("name").asText().equals("count")) {
        count = b;
      }
    }
    assertThat(count).isNotNull();
    assertThat(count.at("/decl/type").asText()).isEqualTo("function");
    assertThat(count.at("/decl/args/0/name").asText()).isEqualTo("collection");
    assertThat(count.at("/decl/args/0/type").asText()).isEqualTo("any");
    assertThat(count.at("/decl/args/0/of/0/type").asText()).isEqualTo("string");
    assertThat(count.at("/decl/result/type").asText()).isEqualTo("number");
    assertThat(caps.get("builtins").size()).isGreaterThan(150);
    assertThat(caps.get("features").toString()).contains("rego_v1");
  }
}
