package dev.gavel.http;

import dev.gavel.bundles.BundleArchive;
import dev.gavel.bundles.BundleBuilder;
import dev.gavel.bundles.BundleException;
import dev.gavel.bundles.BundleLimits;
import dev.gavel.bundles.BundleSigner;
import dev.gavel.bundles.SigningKey;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySource;
import dev.gavel.runtime.ConfigurationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code GET /bundles/{name}.tar.gz}: the active policy revision as an OPA bundle (DESIGN 3.7), for
 * OPA agents to poll as a bundle service. The bytes are built once per revision (deterministic;
 * signed when {@code serve.bundle.signing-key} is set) and carry an {@code ETag} of their digest;
 * a request whose {@code If-None-Match} names it is answered 304 without a body. A new activation
 * changes the revision and so the bundle at the next poll.
 */
final class BundleRoutes {
  private final PolicySource policies;
  private final ServerConfig.BundleServing settings;
  private final SigningKey key;
  private final BlockingPool pool;
  private Built built;

  /** One revision's bundle: its bytes and their entity tag. */
  record Built(String revision, PolicySnapshot snapshot, byte[] bytes, String etag) {}

  private BundleRoutes(PolicySource policies, ServerConfig.BundleServing settings, SigningKey key, BlockingPool pool) {
    this.policies = policies;
    this.settings = settings;
    this.key = key;
    this.pool = pool;
  }

  /** Reads the signing key now: a server that would serve unusable bundles does not start. */
  static BundleRoutes of(PolicySource policies, ServerConfig.BundleServing settings, BlockingPool pool)
      throws ConfigurationException {
    SigningKey key = null;
    if (settings.signingKey() != null) {
      try {
        key = SigningKey.pem(settings.algorithm(), Files.readString(settings.signingKey(), StandardCharsets.US_ASCII),
            settings.keyId(), settings.scope());
      } catch (IOException e) {
        throw new ConfigurationException("gavel serve: cannot read serve.bundle.signing-key " + settings.signingKey() + ": "
            + e.getMessage(), e);
      } catch (BundleException e) {
        throw new ConfigurationException("gavel serve: serve.bundle.signing-key " + settings.signingKey() + ": "
            + e.getMessage(), e);
      }
    }
    return new BundleRoutes(policies, settings, key, pool);
  }

  void handle(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    if (!settings.file().equals(file)) {
      Replies.problem(ctx, Problem.notFound("no bundle " + file + ": this server serves its active policy as /bundles/"
          + settings.file()));
      return;
    }
    String ifNoneMatch = ctx.request().getHeader("If-None-Match");
    Replies.async(ctx, pool, this::current, (c, b) -> {
      c.response().putHeader("ETag", b.etag()).putHeader("Cache-Control", "no-cache");
      if (ifNoneMatch != null && matches(ifNoneMatch, b.etag())) {
        c.response().setStatusCode(304).end();
        return;
      }
      c.response().setStatusCode(200).putHeader("Content-Type", "application/gzip").end(Buffer.buffer(b.bytes()));
    });
  }

  /** The active revision's bundle, built when the revision (or its snapshot) changed. */
  synchronized Built current() throws Exception {
    PolicySnapshot s = policies.active();
    if (built != null && built.snapshot() == s) {
      return built;
    }
    byte[] bytes = BundleBuilder.build(s, null);
    if (key != null) {
      bytes = BundleSigner.sign(BundleArchive.read(bytes, BundleLimits.DEFAULT), key);
    }
    built = new Built(s.revision(), s, bytes, etag(bytes));
    return built;
  }

  /** RFC 9110 13.1.2: a list of entity tags (weak ones compare weakly) or {@code *}. */
  static boolean matches(String header, String etag) {
    for (String t : header.split(",")) {
      String tag = t.strip();
      if (tag.equals("*") || tag.equals(etag) || (tag.startsWith("W/") && tag.substring(2).equals(etag))) {
        return true;
      }
    }
    return false;
  }

  private static String etag(byte[] bytes) {
    try {
      return "\"sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
