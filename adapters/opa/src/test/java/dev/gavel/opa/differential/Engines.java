package dev.gavel.opa.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import dev.gavel.rego.EvalLimits;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.Rego;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The two engines a generated program runs on, both asked the same thing: the document
 * {@code data.d} of one module over base data and an input, with or without strict builtin errors.
 */
final class Engines {
  private Engines() {}

  /** The question: module text, input, base data, strictness. */
  record Question(String module, JsonNode input, JsonNode data, boolean strict) {}

  /** Gavel's engine in this process, through its public API, on a daemon thread with a deadline. */
  static final class Embedded implements AutoCloseable {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Duration timeout;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "differential-embedded");
      t.setDaemon(true);
      return t;
    });

    Embedded(Duration timeout) {
      this.timeout = timeout;
    }

    Outcome ask(Question q) {
      AtomicBoolean cancel = new AtomicBoolean();
      Future<Outcome> f = pool.submit(() -> direct(q, cancel));
      try {
        return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        cancel.set(true);
        f.cancel(true);
        return Outcome.error(Outcome.Kind.TIMEOUT, "", "no answer within " + timeout.toMillis() + " ms");
      } catch (ExecutionException e) {
        return Outcome.error(Outcome.Kind.CRASH, e.getCause().getClass().getName(), String.valueOf(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.error(Outcome.Kind.CRASH, "interrupted", "interrupted");
      }
    }

    /**
     * The outcome as engine/rego's DifferentialRegressionTest computes it (keep the two in step):
     * compile, then evaluate {@code data.d}; a RegoException while building is a compile error
     * and one while evaluating an evaluation error, each by its code.
     */
    static Outcome direct(Question q, AtomicBoolean cancel) {
      Rego rego;
      try {
        rego = Rego.builder().module("prog.rego", q.module()).data(JsonValues.fromJson(q.data())).build();
      } catch (RegoException e) {
        return Outcome.error(Outcome.Kind.COMPILE_ERROR, e.code(), e.render());
      } catch (RuntimeException | StackOverflowError e) {
        return Outcome.error(Outcome.Kind.CRASH, e.getClass().getName(), "while compiling: " + e);
      }
      try {
        EvalOptions opts = EvalOptions.at(NOW).strict(q.strict()).limits(EvalLimits.UNLIMITED).cancelWhen(cancel::get);
        Optional<Value> v = rego.prepareRef("data.d").evaluate(JsonValues.fromJson(q.input()), opts);
        return v.isEmpty() ? Outcome.undefined() : Outcome.value(JsonValues.toJson(v.get()));
      } catch (RegoException e) {
        return Outcome.error(Outcome.Kind.EVAL_ERROR, e.code(), e.render());
      } catch (RuntimeException | StackOverflowError e) {
        return Outcome.error(Outcome.Kind.CRASH, e.getClass().getName(), "while evaluating: " + e);
      }
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  /**
   * A real OPA server: the base data loaded once, then each question's module put under one id
   * (replacing the last) and {@code data.d} asked for. A module OPA refuses is a compile error by
   * the code of OPA's first error; an evaluation error likewise.
   */
  static final class Opa {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration timeout;
    private JsonNode loadedData;

    Opa(URI base, Duration timeout) {
      this.base = base;
      this.timeout = timeout;
    }

    Outcome ask(Question q) {
      try {
        if (!q.data().equals(loadedData)) {
          Reply d = send("PUT", "v1/data", q.data().toString(), "application/json");
          if (d.status / 100 != 2) {
            return Outcome.error(Outcome.Kind.CRASH, "data", "OPA refused the base data: " + d.status + " " + d.body);
          }
          loadedData = q.data();
        }
        Reply put = send("PUT", "v1/policies/prog", q.module(), "text/plain");
        if (put.status == 400) {
          return error(Outcome.Kind.COMPILE_ERROR, put.body);
        }
        if (put.status / 100 != 2) {
          return Outcome.error(Outcome.Kind.CRASH, "http " + put.status, String.valueOf(put.body));
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("input", q.input());
        Reply r = send("POST", "v1/data/d" + (q.strict() ? "?strict-builtin-errors=true" : ""), body.toString(), "application/json");
        if (r.status == 200) {
          JsonNode result = r.body == null ? null : r.body.get("result");
          return result == null ? Outcome.undefined() : Outcome.value(result);
        }
        if (r.status == 500 && r.body != null && r.body.path("errors").isArray()) {
          return error(Outcome.Kind.EVAL_ERROR, r.body);
        }
        return Outcome.error(Outcome.Kind.CRASH, "http " + r.status, String.valueOf(r.body));
      } catch (java.net.http.HttpTimeoutException e) {
        return Outcome.error(Outcome.Kind.TIMEOUT, "", "OPA gave no answer within " + timeout.toMillis() + " ms");
      } catch (IOException e) {
        return Outcome.error(Outcome.Kind.CRASH, "io", "OPA: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.error(Outcome.Kind.CRASH, "interrupted", "interrupted");
      }
    }

    private static Outcome error(Outcome.Kind kind, JsonNode body) {
      JsonNode first = body == null ? null : body.path("errors").path(0);
      if (first == null || first.isMissingNode()) {
        return Outcome.error(kind, body == null ? "" : body.path("code").asText(""), body == null ? "" : body.path("message").asText(""));
      }
      StringBuilder msg = new StringBuilder();
      for (JsonNode e : body.path("errors")) {
        JsonNode loc = e.path("location");
        msg.append(msg.length() == 0 ? "" : "\n").append(loc.path("file").asText("")).append(':').append(loc.path("row").asInt())
            .append(": ").append(e.path("code").asText()).append(": ").append(e.path("message").asText());
      }
      return Outcome.error(kind, first.path("code").asText(""), msg.toString());
    }

    private record Reply(int status, JsonNode body) {}

    private Reply send(String method, String path, String body, String type) throws IOException, InterruptedException {
      HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Content-Type", type)
          .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
      HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json = null;
      if (resp.body().length > 0) {
        try {
          json = Json.read(resp.body());
        } catch (Json.ParseException e) {
          throw new IOException("OPA answered with something that is not JSON: " + e.located(), e);
        }
      }
      return new Reply(resp.statusCode(), json);
    }
  }
}
