package dev.gavel.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real SoftHSM2 tokens for the PKCS#11 key custody tests, made by {@code scripts/softhsm.sh init}
 * (which installs Debian's softhsm2 when it is missing and the user may). SoftHSM2 reads its
 * configuration from {@code $SOFTHSM2_CONF} of the process when the module is first loaded, so the
 * surefire configuration of the modules that use this sets it to a file under {@code target/}; the
 * tokens are made there before any test loads the module, once per JVM. When softhsm2 cannot be had
 * the test is skipped saying why, unless {@code GAVEL_TEST_SOFTHSM_REQUIRED=1}, which makes it a
 * failure.
 */
public final class TestSoftHsm {
  public static final String REQUIRED_ENV = "GAVEL_TEST_SOFTHSM_REQUIRED";
  private static final String[] LABELS = {"gavel-test", "gavel-spare"};
  private static final Map<String, Token> TOKENS = new HashMap<>();
  private static String unavailable;

  private TestSoftHsm() {}

  /** A token: its PKCS#11 module, slot id, and the file holding its user PIN. */
  public record Token(Path library, long slot, Path pinFile) {
    /** The user PIN. */
    public String pin() {
      try {
        return Files.readString(pinFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + pinFile, e);
      }
    }
  }

  /** The main test token. */
  public static Token token() {
    return token(LABELS[0]);
  }

  /**
   * A token that no test logs in to successfully (PKCS#11 login is per token and process, so a wrong
   * PIN is only seen as wrong by a token not logged in already).
   */
  public static Token spareToken() {
    return token(LABELS[1]);
  }

  private static synchronized Token token(String label) {
    if (TOKENS.isEmpty() && unavailable == null) {
      make();
    }
    if (unavailable != null) {
      skip(unavailable);
    }
    return TOKENS.get(label);
  }

  /**
   * Makes every token at once, in a fresh directory: SoftHSM2 lists the tokens it finds when the
   * module is loaded, so one made later in the same JVM would not be seen.
   */
  private static void make() {
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null || conf.isBlank()) {
      unavailable = "SOFTHSM2_CONF is not set for this JVM (the module's surefire configuration sets it)";
      return;
    }
    Path dir = Path.of(conf).toAbsolutePath().getParent();
    if (!Path.of(conf).toAbsolutePath().equals(dir.resolve("softhsm2.conf"))) {
      unavailable = "SOFTHSM2_CONF must name DIR/softhsm2.conf (as scripts/softhsm.sh writes it) but is " + conf;
      return;
    }
    try {
      if (Files.exists(dir)) {
        Trees.delete(dir);
      }
      Files.createDirectories(dir);
      for (String label : LABELS) {
        String out = script("init", dir.toString(), label);
        Map<String, String> kv = new HashMap<>();
        for (String word : out.lines().findFirst().orElse("").split(" ")) {
          int eq = word.indexOf('=');
          if (eq > 0) {
            kv.put(word.substring(0, eq), word.substring(eq + 1));
          }
        }
        if (!kv.containsKey("library") || !kv.containsKey("slot") || !kv.containsKey("pin-file")) {
          throw new IllegalStateException("scripts/softhsm.sh init printed no library/slot/pin-file: " + out);
        }
        TOKENS.put(label, new Token(Path.of(kv.get("library")), Long.parseLong(kv.get("slot")), Path.of(kv.get("pin-file"))));
      }
    } catch (IOException | RuntimeException e) {
      TOKENS.clear();
      unavailable = e.getMessage();
    }
  }

  private static void skip(String why) {
    String message = "SoftHSM2 is not available (" + why + "); install Debian's softhsm2 (scripts/softhsm.sh install): skipping";
    if ("1".equals(System.getenv(REQUIRED_ENV))) {
      Assertions.fail(message.replace(": skipping", "") + " (" + REQUIRED_ENV + "=1)");
    }
    Assumptions.abort(message);
  }

  private static String script(String... args) throws IOException {
    Path script = SharedFiles.repo().resolve("scripts/softhsm.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(script + " not found");
    }
    String[] cmd = new String[args.length + 2];
    cmd[0] = "bash";
    cmd[1] = script.toString();
    System.arraycopy(args, 0, cmd, 2, args.length);
    Path err = Files.createTempFile("softhsm", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("scripts/softhsm.sh " + args[0] + " did not finish in 300 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("scripts/softhsm.sh " + args[0] + " failed (exit " + p.exitValue() + "): "
            + Files.readString(err).strip());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running scripts/softhsm.sh", e);
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
