package dev.gavel.runtime;

import dev.gavel.ledger.NoteKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What key custody costs (bench/custody.sh): one checkpoint signature by the key in force, per
 * custody (the file key, Ed25519 in memory, is the baseline; the token key signs in SoftHSM2
 * through SunPKCS11), and opening the key as a process start does (the encrypted key pays scrypt
 * at the configured cost). The token comes from {@code GAVEL_BENCH_TOKEN} = {@code
 * library:slot:pin-file}, made by bench/custody.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class CustodyBench {
  static final String CHECKPOINT = "gavel.local/ledger\n1000000\nq1w2e3r4t5y6u7i8o9p0q1w2e3r4t5y6u7i8o9p0abc=\n";

  @Param({"file", "encrypted", "pkcs11"})
  public String custody;

  private KeyCustody keys;
  private NoteKey key;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path home = Files.createTempDirectory("gavel-custody-bench");
    CustodySettings.Pkcs11 token = null;
    String t = System.getenv("GAVEL_BENCH_TOKEN");
    if (t != null) {
      String[] p = t.split(":", 3);
      token = new CustodySettings.Pkcs11(Path.of(p[0]), Long.parseLong(p[1]), 0, CustodySettings.Secret.env("GAVEL_PKCS11_PIN", null,
          Path.of(p[2])), "bench");
    } else if (custody.equals("pkcs11")) {
      throw new IllegalStateException("set GAVEL_BENCH_TOKEN=library:slot:pin-file (bench/custody.sh does)");
    }
    CustodySettings s = new CustodySettings(CustodySettings.Kind.of(custody),
        CustodySettings.Secret.env("GAVEL_KEY_PASSPHRASE", "bench passphrase", null), CustodySettings.DEFAULT.scryptCost(), token);
    keys = new KeyCustody(home, s);
    key = keys.forAppending(0);
  }

  /** One checkpoint signature (a C2SP signed note) by the key in force. */
  @Benchmark
  public String signCheckpoint() {
    return key.signNote(CHECKPOINT);
  }

  /** Opening the key as a new process does: read (and decrypt, or find in the token) the key in force. */
  @Benchmark
  @Measurement(iterations = 3, time = 3)
  public NoteKey openKey() throws Exception {
    return keys.current().orElseThrow();
  }
}
