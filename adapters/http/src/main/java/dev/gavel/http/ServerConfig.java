package dev.gavel.http;

import dev.gavel.http.auth.CertificateIdentity;
import dev.gavel.http.auth.OidcSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@code gavel serve} runs: where it listens, TLS, limits, authentication, logging and alerts. Read by
 * {@link ServerSettings} from the {@code serve:} mapping of gavel.yaml and the command's flags
 * (each flag is a key of that mapping, flags win). Validated here: a plaintext listener on an
 * address other than loopback needs {@code allowRemotePlaintext}; TLS needs both a certificate and
 * a key; a client CA needs TLS.
 */
public record ServerConfig(
    String host,
    int port,
    Path tlsCert,
    Path tlsKey,
    Path clientCa,
    ClientAuth clientAuth,
    boolean plaintext,
    boolean allowRemotePlaintext,
    Limits limits,
    RateLimit rateLimit,
    Path tokensFile,
    OidcSettings oidc,
    List<CertificateIdentity> certificateIdentities,
    String accessLog,
    Duration shutdownGrace,
    BundleServing bundles,
    AlertConfig alerts) {

  /** Whether a client certificate is required or only checked when presented (mTLS). */
  public enum ClientAuth { REQUIRED, OPTIONAL }

  /**
   * Explicit limits: request body bytes, JSON nesting depth, artifacts and scans per request, the
   * worker threads that evaluate and append, the requests that may wait for one (more: 503), and
   * how long a request may wait in that queue before it is answered 503 without being evaluated.
   */
  public record Limits(int maxBodyBytes, int maxJsonDepth, int maxArtifacts, int maxScans, int workers, int queue,
      Duration queueTimeout) {
    public static final Limits DEFAULT = new Limits(4 << 20, 100, 256, 64, 32, 256, Duration.ofSeconds(30));

    public Limits {
      positive("max-body", maxBodyBytes);
      positive("max-json-depth", maxJsonDepth);
      positive("max-artifacts", maxArtifacts);
      positive("max-scans", maxScans);
      positive("workers", workers);
      positive("queue", queue);
      if (queueTimeout == null || queueTimeout.isNegative() || queueTimeout.isZero()) {
        throw new IllegalArgumentException("queue-timeout must be positive but got " + queueTimeout);
      }
    }
  }

  /** Requests per second and burst allowed per authenticated identity (and per address for anonymous calls); 0 = off. */
  public record RateLimit(double perSecond, int burst) {
    public static final RateLimit DEFAULT = new RateLimit(100, 200);
    public static final RateLimit OFF = new RateLimit(0, 0);

    public RateLimit {
      if (perSecond < 0 || burst < 0 || (perSecond > 0 && burst < 1)) {
        throw new IllegalArgumentException("rate-limit must be >= 0 and rate-burst >= 1 when limiting, but got "
            + perSecond + "/s burst " + burst);
      }
    }

    public boolean enabled() {
      return perSecond > 0;
    }
  }

  /**
   * How the active revision is served to OPA agents at {@code GET /bundles/{name}.tar.gz}: the
   * bundle's name, and optionally the PEM private key it is signed with ({@code .signatures.json}
   * as {@code opa sign} writes it), the JWS algorithm (default: by the key), key id and scope.
   */
  public record BundleServing(String name, Path signingKey, String algorithm, String keyId, String scope) {
    public static final BundleServing DEFAULT = new BundleServing("gavel", null, null, null, null);

    public BundleServing {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
        throw new IllegalArgumentException("bundle.name must be 1 to 128 letters, digits, '.', '_' or '-' (not starting "
            + "with a symbol) but got '" + name + "'");
      }
      if (signingKey == null && (algorithm != null || keyId != null || scope != null)) {
        throw new IllegalArgumentException("bundle.alg, bundle.keyid and bundle.scope need bundle.signing-key");
      }
    }

    /** The file name agents ask for. */
    public String file() {
      return name + ".tar.gz";
    }
  }

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 but got " + port);
    }
    Objects.requireNonNull(clientAuth, "clientAuth");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(tokensFile, "tokensFile");
    certificateIdentities = List.copyOf(certificateIdentities);
    Objects.requireNonNull(accessLog, "accessLog");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(bundles, "bundles");
    Objects.requireNonNull(alerts, "alerts");
    if (plaintext) {
      if (tlsCert != null || tlsKey != null || clientCa != null) {
        throw new IllegalArgumentException("--plaintext and --tls-cert/--tls-key/--client-ca exclude each other");
      }
      if (!allowRemotePlaintext && !isLoopback(host)) {
        throw new IllegalArgumentException("plaintext HTTP is only served on loopback (" + host
            + " is not); use TLS (--tls-cert/--tls-key), or pass --allow-remote-plaintext behind a TLS-terminating proxy");
      }
    } else {
      if (tlsCert == null || tlsKey == null) {
        throw new IllegalArgumentException("TLS needs --tls-cert and --tls-key (PEM files); --plaintext serves plain HTTP on loopback");
      }
    }
    if (!certificateIdentities.isEmpty() && clientCa == null) {
      throw new IllegalArgumentException("client-identities map client certificates to roles and need --client-ca");
    }
  }

  public boolean tls() {
    return !plaintext;
  }

  /** True for 127.0.0.0/8, ::1 and localhost (resolved without DNS for literals). */
  static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void positive(String name, long v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 but got " + v);
    }
  }
}
