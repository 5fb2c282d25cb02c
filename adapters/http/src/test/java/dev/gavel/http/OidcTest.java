package dev.gavel.http;

import static dev.gavel.http.ServerFixture.fixture;
import static dev.gavel.http.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.gavel.json.Json;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OIDC bearer JWTs against a JWKS served on loopback, signed by test keys; every bad variant is 401. */
class OidcTest {
  static final String ISSUER = "https://idp.test";
  @TempDir
  static Path tmp;
  static HttpServer idp;
  static RSAKey key;
  static RSAKey other;
  static final AtomicReference<String> jwks = new AtomicReference<>();
  static final AtomicInteger fetches = new AtomicInteger();
  static ServerFixture fx;

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    other = new RSAKeyGenerator(2048).keyID("k2").generate();
    jwks.set(new JWKSet(key.toPublicJWK()).toString());
    idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    idp.createContext("/jwks", ex -> {
      fetches.incrementAndGet();
      byte[] b = jwks.get().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    idp.start();
    String jwksUrl = "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks";
    var section = Json.read("{\"oidc\": {\"issuer\": \"" + ISSUER + "\", \"audience\": \"gavel\", \"jwks\": \"" + jwksUrl
        + "\", \"role-claim\": \"groups\", \"roles\": {\"release-bots\": \"pipeline\"}, \"jwks-cache\": \"1s\"}}");
    fx = ServerFixture.start(tmp.resolve("home"), section, Map.of(), p -> p, HttpClient.newHttpClient());
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    idp.stop(0);
  }

  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience("gavel").subject("ci/release-pipeline")
        .claim("groups", List.of("release-bots", "unrelated")).expirationTime(new Date(System.currentTimeMillis() + 600_000));
  }

  static String sign(RSAKey k, JWTClaimsSet c) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(k.getKeyID()).build(), c);
    jwt.sign(new RSASSASigner(k));
    return jwt.serialize();
  }

  static HttpResponse<String> decide(String jwt) throws Exception {
    return fx.http.send(HttpRequest.newBuilder(fx.uri("/v1/decisions")).header("Authorization", "Bearer " + jwt)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(fixture("allow-minimal-classifier.json")))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aValidTokenMapsItsGroupToARoleAndItsSubjectToTheIdentity() throws Exception {
    HttpResponse<String> r = decide(sign(key, claims().build()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).path("allow").asBoolean()).isTrue();
  }

  @Test
  void everyCorruptedVariantIsRefused() throws Exception {
    long before = fx.ledgerSize();
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("expired", sign(key, claims().expirationTime(new Date(System.currentTimeMillis() - 3_600_000)).build()));
    bad.put("wrong audience", sign(key, claims().audience("someone-else").build()));
    bad.put("wrong issuer", sign(key, claims().issuer("https://evil.test").build()));
    bad.put("no expiry", sign(key, claims().expirationTime(null).build()));
    bad.put("not yet valid", sign(key, claims().notBeforeTime(new Date(System.currentTimeMillis() + 3_600_000)).build()));
    bad.put("alg none", new PlainJWT(claims().build()).serialize());
    bad.put("unknown kid", sign(other, claims().build()));
    bad.put("no role", sign(key, claims().claim("groups", List.of("unrelated")).build()));
    String good = sign(key, claims().build());
    String[] parts = good.split("\\.");
    bad.put("tampered payload", parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        claims().subject("ci/other").build().toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
    bad.put("tampered signature", parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA");
    SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
    hs.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
    bad.put("HS256 with the public key as secret", hs.serialize());
    bad.put("not a JWT", "abc.def");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      HttpResponse<String> r = decide(e.getValue());
      assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(401);
      assertThat(r.body()).as("no token echoed").doesNotContain(e.getValue());
    }
    assertThat(fx.ledgerSize()).isEqualTo(before);
    String metrics = fx.get("/metrics", dev.gavel.http.auth.Role.ADMIN).body();
    assertThat(metrics).contains("reason=\"jwt_expired\"", "reason=\"jwt_audience\"", "reason=\"jwt_issuer\"",
        "reason=\"jwt_unsigned\"", "reason=\"jwt_unknown_key\"", "reason=\"jwt_no_role\"", "reason=\"jwt_algorithm\"");
  }

  @Test
  void aRotatedIssuerKeyIsFetchedWhenATokenNamesIt() throws Exception {
    RSAKey next = new RSAKeyGenerator(2048).keyID("k3").generate();
    int before = fetches.get();
    jwks.set(new JWKSet(List.of(key.toPublicJWK(), next.toPublicJWK())).toString());
    Thread.sleep(1100);
    HttpResponse<String> r = decide(sign(next, claims().build()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(fetches.get()).isGreaterThan(before);
  }
}
