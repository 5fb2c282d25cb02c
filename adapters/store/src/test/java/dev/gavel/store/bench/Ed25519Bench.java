package dev.gavel.store.bench;

import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.NoteSigner;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one checkpoint signature costs, the signature every batch pays: Gavel's signed note (the
 * JDK's Ed25519, as the ledger signs today) next to BouncyCastle's Ed25519 over the same bytes
 * with the same key, measured in the same run. Microseconds per signature.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class Ed25519Bench {
  final NoteSigner jdk = LedgerBench.KEY;
  final Ed25519PrivateKeyParameters bc = new Ed25519PrivateKeyParameters(new byte[32], 0);
  final String body = new Checkpoint("gavel.bench/ledger", 123_456, new byte[32]).body();
  final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

  @Benchmark
  public String signNoteJdk() {
    return jdk.sign(body);
  }

  @Benchmark
  public byte[] signBouncyCastle() {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, bc);
    s.update(bytes, 0, bytes.length);
    return s.generateSignature();
  }
}
