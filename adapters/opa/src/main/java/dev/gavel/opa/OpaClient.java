package dev.gavel.opa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * HTTP to one OPA server: pooled keep-alive connections (the JDK client), a timeout per request,
 * bounded retries with exponential backoff for what may pass (connection failures, 5xx), none for
 * what will not (4xx). Every failure is an {@link OpaException} with OPA's own message when it
 * gave one; the token is sent and never shown.
 */
final class OpaClient {
  private final URI base;
  private final String token;
  private final Duration timeout;
  private final int attempts;
  private final HttpClient http;

  /** A failed exchange; {@code retryable} when trying again might help, {@code status} 0 when OPA was not reached. */
  static final class OpaException extends Exception {
    final int status;
    final JsonNode body;

    OpaException(String message, int status, JsonNode body) {
      super(message);
      this.status = status;
      this.body = body;
    }

    boolean retryable() {
      return status == 0 || status >= 500;
    }
  }

  OpaClient(URI base, String token, SSLContext tls, Duration timeout, int attempts) {
    this.base = Objects.requireNonNull(base, "base");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1 but got " + attempts);
    }
    this.token = token;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.attempts = attempts;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1);
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
  }

  URI base() {
    return base;
  }

  /** GET, PUT, POST or DELETE {@code path} (with its query string), with a JSON or text body; the JSON answer (null when empty). */
  JsonNode call(String method, String path, String body, String contentType) throws OpaException {
    OpaException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        return once(method, path, body, contentType);
      } catch (OpaException e) {
        last = e;
        if (!e.retryable() || attempt == attempts) {
          throw e;
        }
        try {
          Thread.sleep(100L << (attempt - 1));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }

  private JsonNode once(String method, String path, String body, String contentType) throws OpaException {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      r.header("Content-Type", contentType);
    }
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new OpaException("OPA at " + base + " cannot be reached: " + (e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage()), 0, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpaException("interrupted while waiting for OPA at " + base, 0, null);
    }
    JsonNode json = null;
    if (resp.body().length > 0) {
      try {
        json = Json.read(resp.body());
      } catch (Json.ParseException e) {
        throw new OpaException("OPA at " + base + " answered " + method + " " + path + " with something that is not JSON ("
            + e.located() + ")", resp.statusCode() >= 500 ? resp.statusCode() : 502, null);
      }
    }
    if (resp.statusCode() / 100 != 2) {
      String msg = json == null ? "" : json.path("message").asText("");
      StringBuilder errors = new StringBuilder();
      if (json != null) {
        for (JsonNode e : json.path("errors")) {
          JsonNode loc = e.path("location");
          errors.append("\n  ").append(loc.path("file").asText("")).append(':').append(loc.path("row").asInt()).append(':')
              .append(loc.path("col").asInt()).append(": ").append(e.path("code").asText()).append(": ").append(e.path("message").asText());
        }
      }
      throw new OpaException("OPA answered " + method + " " + path + " with HTTP " + resp.statusCode() + (msg.isEmpty() ? "" : ": " + msg)
          + errors, resp.statusCode(), json);
    }
    return json;
  }
}
