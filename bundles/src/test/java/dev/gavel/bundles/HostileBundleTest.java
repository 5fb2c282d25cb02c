package dev.gavel.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.core.port.PolicySnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken bundles: each is refused with a message naming the problem, and nothing is loaded. */
class HostileBundleTest {
  static final String MANIFEST = "{\"revision\": \"r\"}";
  static final String POLICY = "package app\n\nallow := true\n";

  /** Reads and loads the way BundlePolicySource does; returns the message of the refusal. */
  static String refusal(byte[] gz) {
    return refusal(gz, BundleLimits.DEFAULT);
  }

  static String refusal(byte[] gz, BundleLimits limits) {
    BundleException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> BundleContents.of(BundleArchive.read(gz, limits)), BundleException.class);
    assertThat(e).as("the bundle must be refused").isNotNull();
    assertThat(e.kind()).isEqualTo(BundleException.Kind.INVALID);
    return e.getMessage();
  }

  static RawTar ok() {
    return new RawTar().file("/.manifest", MANIFEST).file("/app/policy.rego", POLICY);
  }

  @Test
  void aWellFormedHandMadeBundleLoads() throws Exception {
    BundleContents c = BundleContents.of(BundleArchive.read(ok().file("/app/data.json", "{\"x\": 1}").gzip(), BundleLimits.DEFAULT));
    assertThat(c.modules()).hasSize(1);
    assertThat(c.data().toString()).isEqualTo("{\"app\":{\"x\":1}}");
    // "./" (tar -C dir .) and no prefix at all name the same root, directories are skipped.
    BundleContents d = BundleContents.of(BundleArchive.read(new RawTar().entry("./", '5', "", new byte[0])
        .file("./.manifest", MANIFEST).entry("app/", '5', "", new byte[0]).file("app/policy.rego", POLICY).gzip(), BundleLimits.DEFAULT));
    assertThat(d.modules()).extracting(BundleContents.Module::path).containsExactly("app/policy.rego");
  }

  @Test
  void dotDotInAPathIsRefused() {
    assertThat(refusal(ok().file("/app/../../etc/data.json", "{}").gzip())).contains("'..' in its path").contains("/app/../../etc/data.json");
    assertThat(refusal(ok().file("../x.rego", POLICY).gzip())).contains("'..' in its path");
  }

  @Test
  void absolutePathsAreRefused() {
    assertThat(refusal(ok().file("//etc/passwd", "x").gzip())).contains("absolute path");
    assertThat(refusal(ok().file("C:/Windows/x.rego", POLICY).gzip())).contains("absolute path (drive letter)");
    assertThat(refusal(ok().file("\\\\server\\share\\x.rego", POLICY).gzip())).contains("backslash");
  }

  @Test
  void linksAndDevicesAreRefused() {
    assertThat(refusal(ok().entry("/app/data.json", '2', "/etc/passwd", new byte[0]).gzip()))
        .isEqualTo("tar entry \"/app/data.json\" is a symbolic link (to \"/etc/passwd\"): links are not allowed in a bundle");
    assertThat(refusal(ok().entry("/app/x.rego", '1', "/app/policy.rego", new byte[0]).gzip())).contains("is a hard link");
    assertThat(refusal(ok().entry("/dev/tty", '3', "", new byte[0]).gzip())).contains("is a character device");
    assertThat(refusal(ok().entry("/dev/sda", '4', "", new byte[0]).gzip())).contains("is a block device");
    assertThat(refusal(ok().entry("/fifo", '6', "", new byte[0]).gzip())).contains("is a FIFO");
    assertThat(refusal(ok().entry("/x", 'S', "", new byte[0]).gzip())).contains("unsupported type 'S'");
  }

  @Test
  void bombsStopAtTheLimits() {
    RawTar many = ok();
    for (int i = 0; i < 20; i++) {
      many.file("/app/f" + i + ".txt", "x");
    }
    assertThat(refusal(many.gzip(), BundleLimits.DEFAULT.withMaxEntries(10))).contains("more than 10 entries");
    // The size is checked from the header before any data is read: this entry claims 2 GiB and has none.
    assertThat(refusal(ok().header("/app/big.json", '0', "", 2L << 30).gzip()))
        .contains("\"/app/big.json\" size (2147483648 bytes) exceeds the configured limit");
    // A real gzip bomb: 64 MiB of zeros compresses to about 64 KiB.
    byte[] zeros = new byte[64 << 20];
    byte[] bomb = RawTar.gzip(new RawTar().file("/.manifest", MANIFEST).file("/app/zeros.txt", zeros).tar());
    assertThat(bomb.length).isLessThan(1 << 20);
    assertThat(refusal(bomb, BundleLimits.DEFAULT.withMaxTotalBytes(8 << 20))).contains("inflates to more than 8388608 bytes");
    assertThat(refusal(bomb, BundleLimits.DEFAULT.withMaxEntryBytes(1 << 20))).contains("exceeds the configured limit (1048576 bytes)");
  }

  @Test
  void duplicateEntriesAreRefused() {
    assertThat(refusal(ok().file("/app/policy.rego", "package app\n\nallow := false\n").gzip()))
        .contains("duplicate entry \"app/policy.rego\"");
    // The same file under two spellings is still one name.
    assertThat(refusal(ok().file("./app/policy.rego", POLICY).gzip())).contains("duplicate entry");
  }

  @Test
  void overlappingRootsAreRefused() {
    byte[] gz = new RawTar().file("/.manifest", "{\"revision\": \"r\", \"roots\": [\"app\", \"app/sub\"]}").file("/app/p.rego", POLICY).gzip();
    assertThat(refusal(gz)).isEqualTo("manifest has overlapped roots: 'app' and 'app/sub'");
    assertThat(refusal(new RawTar().file("/.manifest", "{\"roots\": [\"\", \"x\"]}").gzip())).contains("overlapped roots");
  }

  @Test
  void filesOutsideTheRootsAreRefused() {
    String m = "{\"revision\": \"r\", \"roots\": [\"app\"]}";
    assertThat(refusal(new RawTar().file("/.manifest", m).file("/other/p.rego", "package other\n").gzip()))
        .isEqualTo("manifest roots [app] do not permit 'package other' in module 'other/p.rego'");
    assertThat(refusal(new RawTar().file("/.manifest", m).file("/other/data.json", "{\"a\": 1}").gzip()))
        .isEqualTo("manifest roots [app] do not permit data at path '/other' (hint: check bundle directory structure)");
    assertThat(refusal(new RawTar().file("/.manifest", m).file("/data.json", "{\"app\": {}, \"x\": 1}").gzip()))
        .contains("do not permit data at path '/x'");
  }

  @Test
  void truncatedAndCorruptGzipIsRefused() throws Exception {
    byte[] good = Fixtures.bundle();
    for (int cut : new int[] {good.length - 1, good.length - 8, good.length / 2, 11}) {
      assertThat(refusal(Arrays.copyOf(good, cut))).as("cut at %d", cut).containsAnyOf("truncated", "corrupt", "Unexpected end");
    }
    assertThat(refusal("not a bundle".getBytes(StandardCharsets.UTF_8))).contains("not a gzip file");
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x55;
    assertThat(refusal(flipped)).isNotBlank();
    assertThat(refusal(RawTar.gzip("this is not a tar archive at all, just some text.".repeat(20).getBytes(StandardCharsets.UTF_8))))
        .contains("tar:");
  }

  @Test
  void invalidJsonIsRefusedNamingTheFile() {
    assertThat(refusal(ok().file("/app/data.json", "{\"a\": 1,}").gzip())).startsWith("bundle load failed on app/data.json: line 1, column");
    assertThat(refusal(ok().file("/app/data.json", "{\"a\": 1, \"a\": 2}").gzip())).contains("app/data.json").contains("Duplicate field");
    assertThat(refusal(new RawTar().file("/.manifest", "{\"revision\": 7}").gzip()))
        .isEqualTo("bundle load failed on manifest decode: revision must be a string");
    assertThat(refusal(new RawTar().file("/.manifest", "{\"revision\": ").gzip())).startsWith("bundle load failed on manifest decode");
    assertThat(refusal(ok().file("/data.json", "[1]").gzip())).isEqualTo("bundle load failed on data.json: root value must be object");
    assertThat(refusal(ok().file("/app/x.rego", "package app\n\nallow if {").gzip())).contains("app/x.rego:");
  }

  @Test
  void conflictingDataFilesAreRefused() {
    assertThat(refusal(ok().file("/data.json", "{\"app\": {\"x\": 1}}").file("/app/x/data.json", "2").gzip()))
        .contains("failed to insert data file from path app/x");
  }

  @Test
  void misplacedManifestsAndSignaturesAreRefused() {
    assertThat(refusal(ok().file("/app/.manifest", MANIFEST).gzip())).contains("only the bundle root may hold the manifest");
    assertThat(refusal(ok().file("/app/.signatures.json", "{}").gzip())).contains("only the bundle root may hold the signatures");
  }

  @Test
  void whatGavelCannotEvaluateIsRefused() {
    assertThat(refusal(new RawTar().file("/.manifest", "{\"rego_version\": 0}").gzip())).contains("Rego v0) is not supported");
    assertThat(refusal(ok().file("/policy.wasm", "\0asm").gzip())).contains("Wasm module cannot be evaluated");
    assertThat(refusal(ok().file("/patch.json", "{\"data\": []}").gzip())).contains("delta bundles");
  }

  @Test
  void dataAfterTheEndMarkerIsRefused() {
    byte[] tar = ok().tar();
    byte[] withTail = Arrays.copyOf(tar, tar.length + 512);
    withTail[withTail.length - 100] = 'X';
    assertThat(refusal(RawTar.gzip(withTail))).contains("data after the end-of-archive marker");
  }

  @Test
  void theSourceLoadsNothingFromARefusedBundleAndFailsClosedOnSignatures(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.tar.gz");
    Files.write(bad, ok().file("/app/../x.rego", POLICY).gzip());
    BundlePolicySource s = new BundlePolicySource(bad, Optional.empty(), BundleLimits.DEFAULT);
    assertThatThrownBy(s::active).hasMessageContaining("bad.tar.gz").hasMessageContaining("'..'");
    assertThatThrownBy(s::active).isInstanceOf(BundleException.class);

    Path unsigned = dir.resolve("unsigned.tar.gz");
    Files.write(unsigned, Fixtures.bundle());
    VerificationConfig cfg = VerificationConfig.single("default", VerificationConfig.Key.publicKey(null, TestKeys.publicPem("RSA"), ""), "");
    assertThatThrownBy(() -> new BundlePolicySource(unsigned, Optional.of(cfg), BundleLimits.DEFAULT).active())
        .hasMessageEndingWith("bundle missing .signatures.json file");

    Path signed = dir.resolve("signed.tar.gz");
    Files.write(signed, BundleSigner.sign(BundleArchive.read(Fixtures.bundle(), BundleLimits.DEFAULT),
        SigningKey.pem(null, TestKeys.privatePem("RSA"), null, null)));
    assertThatThrownBy(() -> new BundlePolicySource(signed, Optional.empty(), BundleLimits.DEFAULT).active())
        .hasMessageContaining("verification key not provided");
    PolicySnapshot snap = new BundlePolicySource(signed, Optional.of(cfg), BundleLimits.DEFAULT).active();
    assertThat(snap.revision()).isEqualTo("rev-1");
    assertThat(snap.source()).startsWith("bundle signed.tar.gz sha256:").doesNotContain(dir.toString());
  }
}
