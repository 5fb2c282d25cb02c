package dev.gavel.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies OIDC bearer JWTs against one issuer's JWKS (see {@link OidcSettings}) with Nimbus
 * JOSE+JWT: only the configured asymmetric algorithms (so {@code alg: none} and HMAC with a public
 * key as secret are refused), a key found by the token's {@code kid} (an unknown kid refetches a
 * URL's JWKS, at most once per refresh interval, so rotation is honoured), {@code iss} equal to
 * the issuer, {@code aud} containing the audience, {@code exp} required and in the future (with the
 * clock skew), {@code nbf} respected. A token that passes is mapped to its roles; none is a
 * refusal. May block on a JWKS fetch: call it off the event loop.
 */
public final class OidcVerifier {
  private final OidcSettings settings;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /** Why a JWT was refused, as the metrics and the 401 name it. */
  public static final class Refused extends Exception {
    private final String reason;

    Refused(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    /** One of malformed, unsigned, algorithm, unknown_key, signature, expired, audience, issuer, claims, no_role. */
    public String reason() {
      return reason;
    }
  }

  public OidcVerifier(OidcSettings settings) {
    this.settings = settings;
    JWKSource<SecurityContext> keys = source(settings);
    Set<JWSAlgorithm> algs = new HashSet<>();
    settings.algorithms().forEach(a -> algs.add(JWSAlgorithm.parse(a)));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algs, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(settings.audience(),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("exp", settings.identityClaim()));
    claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, settings.clockSkew().toSeconds()));
    processor.setJWTClaimsSetVerifier(claims);
  }

  private static JWKSource<SecurityContext> source(OidcSettings s) {
    String where = s.jwks();
    if (where.startsWith("https://") || where.startsWith("http://")) {
      try {
        long ttl = s.jwksCacheTtl().toMillis();
        return JWKSourceBuilder.<SecurityContext>create(URI.create(where).toURL())
            .cache(ttl, Math.max(1, Math.min(ttl / 2, 15_000)))
            .refreshAheadCache(false)
            .rateLimited(Math.max(1, Math.min(10_000, ttl / 2)))
            .build();
      } catch (java.net.MalformedURLException e) {
        throw new IllegalArgumentException("oidc.jwks: not a URL: " + where, e);
      }
    }
    return new FileJwks(Path.of(where));
  }

  /** A JWKS file, re-read when it changes (so keys rotate by replacing the file). */
  private static final class FileJwks implements JWKSource<SecurityContext> {
    private final Path file;
    private FileTime seen;
    private JWKSet set = new JWKSet();

    FileJwks(Path file) {
      this.file = file;
    }

    @Override
    public synchronized List<com.nimbusds.jose.jwk.JWK> get(com.nimbusds.jose.jwk.JWKSelector selector, SecurityContext c)
        throws com.nimbusds.jose.KeySourceException {
      try {
        FileTime t = Files.getLastModifiedTime(file);
        if (!t.equals(seen)) {
          set = JWKSet.load(file.toFile());
          seen = t;
        }
      } catch (IOException | ParseException e) {
        throw new com.nimbusds.jose.KeySourceException("cannot read the JWKS file " + file + ": " + e.getMessage(), e);
      }
      return selector.select(set);
    }
  }

  /** The principal of a valid token, or {@link Refused} naming why not. */
  public Principal verify(String token) throws Refused {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new Refused("malformed", "the bearer token is not a JWT");
    }
    if (jwt instanceof PlainJWT) {
      throw new Refused("unsigned", "unsigned JWTs (alg none) are not accepted");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new Refused("malformed", "encrypted JWTs are not accepted");
    }
    String alg = signed.getHeader().getAlgorithm().getName();
    if (!settings.algorithms().contains(alg)) {
      throw new Refused("algorithm", "JWT algorithm " + alg + " is not accepted (accepted: " + settings.algorithms() + ")");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(signed, null);
    } catch (BadJWTException e) {
      String m = String.valueOf(e.getMessage());
      String reason = m.contains("xpired") ? "expired" : m.contains("audience") ? "audience"
          : m.contains("iss") ? "issuer" : "claims";
      throw new Refused(reason, "JWT refused: " + reason.replace('_', ' '));
    } catch (BadJOSEException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("no matching key") || m.contains("No matching key")) {
        throw new Refused("unknown_key", "JWT refused: no key of the issuer's JWKS matches its kid");
      }
      throw new Refused("signature", "JWT refused: invalid signature");
    } catch (JOSEException e) {
      throw new Refused("signature", "JWT refused: cannot verify (" + e.getClass().getSimpleName() + ")");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String v : claimValues(claims, settings.roleClaim())) {
      Role mapped = settings.roleMap().get(v);
      if (mapped != null) {
        roles.add(mapped);
      } else if (!settings.roleMap().containsKey(v)) {
        Role.parse(v).ifPresent(roles::add);
      }
    }
    if (roles.isEmpty()) {
      throw new Refused("no_role", "JWT refused: its " + settings.roleClaim() + " claim names no Gavel role");
    }
    String identity = claimValues(claims, settings.identityClaim()).stream().findFirst().orElse(null);
    if (identity == null) {
      throw new Refused("claims", "JWT refused: no " + settings.identityClaim() + " claim");
    }
    return new Principal("oidc", identity, roles, "oidc:" + settings.issuer() + "#" + claims.getSubject());
  }

  private static List<String> claimValues(JWTClaimsSet claims, String name) {
    Object v = claims.getClaim(name);
    List<String> out = new ArrayList<>();
    if (v instanceof String s) {
      out.add(s);
    } else if (v instanceof List<?> l) {
      l.forEach(x -> {
        if (x instanceof String s) {
          out.add(s);
        }
      });
    }
    return out;
  }
}
