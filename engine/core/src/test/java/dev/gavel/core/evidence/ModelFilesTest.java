package dev.gavel.core.evidence;

import static dev.gavel.core.evidence.EvidenceRequests.AT;
import static dev.gavel.core.evidence.EvidenceRequests.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.testkit.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model's files on disk against the signed manifest, as model signing compares them: one
 * changed byte, an extra file, a missing file or a symlink the manifest does not allow fails;
 * ignored paths (the manifest's, the caller's, git's) do not count. Run on copies of the real
 * samples, for each signing method.
 */
class ModelFilesTest {
  @TempDir
  Path tmp;

  static Stream<String> samples() {
    return Stream.of("v1.1.0-elliptic-key", "v1.1.0-certificate", "v1.0.1-sigstore", "v1.1.0-sigstore");
  }

  private JsonNode files(String sample, Path model, List<String> ignore) throws Exception {
    JsonNode verified = new EvidenceVerifier(ModelSigningSamples.trust())
        .verify(parse(ModelSigningSamples.request(sample)), AT, ModelSigningSamples.read(model, ignore));
    assertThat(verified.at("/signatures/0/status").asText()).isEqualTo("trusted");
    assertThat(verified.at("/modelDirectory/entries").size()).isPositive();
    return verified.at("/signatures/0/files");
  }

  private int copies;

  /** A writable copy of the sample's folder. */
  private Path copy(String sample) throws Exception {
    Path dst = Trees.copy(ModelSigningSamples.dir(sample), tmp.resolve(sample + "-" + (++copies)));
    try (Stream<Path> s = Files.walk(dst)) {
      for (Path p : s.toList()) {
        p.toFile().setWritable(true, true);
      }
    }
    return dst;
  }

  private static List<String> ignores(String sample) {
    // the v1.0.x manifests do not record their ignore paths: upstream passes them on the command line
    return sample.startsWith("v1.0") ? List.of("ignore-me", "model.sig") : List.of();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void oneChangedByteAnExtraFileOrAMissingFileFails(String sample) throws Exception {
    Path m = copy(sample);
    assertThat(files(sample, m, ignores(sample)).get("match").asBoolean()).isTrue();

    byte[] b = Files.readAllBytes(m.resolve("signme-1"));
    b[b.length - 1] ^= 1;
    Files.write(m.resolve("signme-1"), b);
    JsonNode changed = files(sample, m, ignores(sample));
    assertThat(changed.get("match").asBoolean()).isFalse();
    assertThat(changed.get("changed")).extracting(JsonNode::asText).containsExactly("signme-1");

    m = copy(sample);
    Files.writeString(m.resolve("weights-extra.bin"), "x");
    JsonNode extra = files(sample, m, ignores(sample));
    assertThat(extra.get("match").asBoolean()).isFalse();
    assertThat(extra.get("extra")).extracting(JsonNode::asText).containsExactly("weights-extra.bin");
    Files.createDirectories(m.resolve("sub"));
    Files.delete(m.resolve("weights-extra.bin"));
    Files.writeString(m.resolve("sub/nested.bin"), "y");
    assertThat(files(sample, m, ignores(sample)).get("extra")).extracting(JsonNode::asText).containsExactly("sub/nested.bin");

    m = copy(sample);
    Files.delete(m.resolve("signme-2"));
    JsonNode missing = files(sample, m, ignores(sample));
    assertThat(missing.get("match").asBoolean()).isFalse();
    assertThat(missing.get("missing")).extracting(JsonNode::asText).containsExactly("signme-2");

    // a file renamed: missing under the old name, extra under the new
    m = copy(sample);
    Files.move(m.resolve("signme-2"), m.resolve("signme-3"));
    JsonNode renamed = files(sample, m, ignores(sample));
    assertThat(renamed.get("missing")).extracting(JsonNode::asText).containsExactly("signme-2");
    assertThat(renamed.get("extra")).extracting(JsonNode::asText).containsExactly("signme-3");
  }

  @Test
  void ignoredPathsDoNotCountAndTheManifestsOwnIgnorePathsApply() throws Exception {
    String sample = "v1.1.0-sigstore";
    Path m = copy(sample);
    Files.createDirectories(m.resolve(".git/objects"));
    Files.writeString(m.resolve(".git/objects/ab"), "git object");
    Files.writeString(m.resolve(".gitattributes"), "* -text");
    Files.writeString(m.resolve("ignore-me"), "changed, but the signed manifest ignores it");
    JsonNode f = files(sample, m, List.of());
    assertThat(f.get("match").asBoolean()).as(f.toString()).isTrue();
    assertThat(f.get("ignored")).extracting(JsonNode::asText).contains(".git/objects/ab", ".gitattributes", "ignore-me", "model.sig");
    // for v1.0.1 the caller names its ignore paths; without them, the extra files fail
    Path old = copy("v1.0.1-sigstore");
    JsonNode without = files("v1.0.1-sigstore", old, List.of());
    assertThat(without.get("match").asBoolean()).isFalse();
    assertThat(without.get("extra")).extracting(JsonNode::asText).containsExactly("ignore-me", "model.sig");
  }

  @Test
  void symlinksFailUnlessTheManifestAllowsThem() throws Exception {
    String sample = "v1.1.0-elliptic-key";
    Path m = copy(sample);
    Files.delete(m.resolve("signme-2"));
    Files.createSymbolicLink(m.resolve("signme-2"), m.resolve("signme-1"));
    JsonNode f = files(sample, m, List.of());
    assertThat(f.get("match").asBoolean()).isFalse();
    assertThat(f.get("problems").get(0).asText()).contains("symbolic link");
  }

  @Test
  void aSingleFileModelIsItsOwnManifestEntry() throws Exception {
    String sample = "v1.0.0-elliptic-key";
    Path file = Files.copy(ModelSigningSamples.dir(sample).resolve("signme-1"), tmp.resolve("model.bin"));
    assertThat(files(sample, file, List.of()).get("match").asBoolean()).isTrue();
    Files.writeString(file, "other bytes");
    assertThat(files(sample, file, List.of()).get("changed")).extracting(JsonNode::asText).containsExactly(".");
  }

  @Test
  void observationsAreValidatedAndRoundTripThroughJson() {
    ModelFiles files = new ModelFiles(false, List.of(new ModelFiles.Entry("a/b.bin", ModelFiles.Kind.FILE, "d".repeat(64), false),
        new ModelFiles.Entry("link", ModelFiles.Kind.SYMLINK, null, true)), List.of("docs"));
    assertThat(ModelFiles.fromJson(files.toJson())).isEqualTo(files);
    assertThatThrownBy(() -> new ModelFiles(false, List.of(new ModelFiles.Entry("../x", ModelFiles.Kind.FILE, "d".repeat(64), false)),
        List.of())).hasMessageContaining("relative");
    assertThatThrownBy(() -> new ModelFiles(false, List.of(), List.of("/etc"))).hasMessageContaining("ignore path");
    assertThatThrownBy(() -> new ModelFiles.Entry("x", ModelFiles.Kind.FILE, null, false)).hasMessageContaining("sha256");
  }
}
