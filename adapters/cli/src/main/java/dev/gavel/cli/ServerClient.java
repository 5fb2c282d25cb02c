package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CLI talking to a {@code gavel serve}: a base URL, a bearer token (from a file, else
 * {@code $GAVEL_TOKEN}; never from the command line, where other users could read it) and optionally
 * the CA certificates to trust. An answer other than 2xx becomes a {@link UserError} quoting the
 * server's problem document (its detail and every {@code errors[].path}).
 */
final class ServerClient {
  private final URI base;
  private final String token;
  private final HttpClient http;

  /** What the server answered: where, and the JSON body. */
  record Answer(URI uri, JsonNode body) {}

  private ServerClient(URI base, String token, HttpClient http) {
    this.base = base;
    this.token = token;
    this.http = http;
  }

  static ServerClient connect(String url, Path tokenFile, Path cacert, Map<String, String> env) throws UserError {
    return connect("--submit", "a board token", url, tokenFile, cacert, env);
  }

  /**
   * As {@link #connect(String, Path, Path, Map)}, naming the flag that gave the URL ({@code --submit},
   * {@code --server}) and the token it needs ("a risk-officer token"), so a missing token is explained.
   */
  static ServerClient connect(String flag, String needs, String url, Path tokenFile, Path cacert, Map<String, String> env)
      throws UserError {
    URI base;
    try {
      base = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (URISyntaxException e) {
      throw new UserError(flag + " must be a URL such as https://gavel.internal:8443 but got " + url);
    }
    if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme()) || base.getHost() == null
        || base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new UserError(flag + " must be an http(s) URL of a gavel serve (scheme, host, port) but got " + url);
    }
    String token;
    if (tokenFile != null) {
      try {
        token = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
      } catch (IOException e) {
        throw new UserError("cannot read the token file " + tokenFile + ": " + e.getMessage());
      }
    } else {
      token = env.getOrDefault("GAVEL_TOKEN", "").strip();
    }
    if (token.isEmpty()) {
      throw new UserError(flag + " needs " + needs + ": set GAVEL_TOKEN or pass --token-file FILE");
    }
    if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new UserError("the token " + (tokenFile != null ? "in " + tokenFile : "in GAVEL_TOKEN")
          + " holds characters a bearer token cannot have");
    }
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (cacert != null) {
      b.sslContext(trusting(cacert));
    }
    return new ServerClient(base, token, b.build());
  }

  Answer post(String path, JsonNode body) throws UserError {
    URI uri = URI.create(base + path);
    return send(uri, HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
  }

  /** GET of a JSON resource ({@code path} already encoded). */
  Answer get(String path) throws UserError {
    URI uri = URI.create(base + path);
    return send(uri, HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
        .header("Accept", "application/json").GET().build());
  }

  private Answer send(URI uri, HttpRequest req) throws UserError {
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UserError("cannot reach " + uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
          + ("POST".equals(req.method()) ? " (nothing was recorded)" : ""));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while asking " + uri);
    }
    JsonNode json;
    try {
      json = Json.read(r.body());
    } catch (Json.ParseException e) {
      throw new UserError(uri + " answered " + r.statusCode() + " with a body that is not JSON (is it a gavel serve?)");
    }
    if (r.statusCode() / 100 != 2) {
      StringBuilder sb = new StringBuilder(uri + " refused it (" + r.statusCode() + " " + json.path("title").asText("") + "): "
          + json.path("detail").asText(r.body()));
      for (JsonNode e : json.path("errors")) {
        sb.append("\n  ").append(e.path("path").asText()).append(": ").append(e.path("message").asText());
      }
      throw new UserError(sb.toString());
    }
    return new Answer(uri, json);
  }

  private static SSLContext trusting(Path pem) throws UserError {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new UserError(pem + ": no PEM certificates found");
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException e) {
      throw new UserError("cannot read --cacert " + pem + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new UserError("--cacert " + pem + ": not usable CA certificates: " + e.getMessage());
    }
  }
}
