package dev.gavel.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.RequestProblem;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem document ({@code application/problem+json}): {@code type} (a stable URI per
 * kind of failure), {@code title}, {@code status}, {@code detail}, and Gavel's extension
 * {@code errors: [{path, message}]} naming each bad value by its JSON path (or query parameter).
 * Built for every error of the Gavel API; the Data API answers in OPA's shape instead.
 */
public record Problem(int status, String type, String title, String detail, List<RequestProblem> errors) {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String BASE = "https://gavel.dev/problems/";

  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    errors = List.copyOf(errors);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem's status is 4xx or 5xx, not " + status);
    }
  }

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(status, BASE + slug, title, detail, List.of());
  }

  /** 400 for a request whose values are wrong, each named by path. */
  public static Problem invalid(String detail, List<RequestProblem> errors) {
    return new Problem(400, BASE + "invalid-request", "Invalid request", detail, errors);
  }

  /** 400 for one bad query parameter or value. */
  public static Problem badParameter(String name, String message) {
    return invalid("invalid parameter " + name, List.of(new RequestProblem(name, message)));
  }

  public static Problem notFound(String detail) {
    return of(404, "not-found", "Not found", detail);
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("type", type);
    o.put("title", title);
    o.put("status", status);
    if (detail != null) {
      o.put("detail", detail);
    }
    if (!errors.isEmpty()) {
      ArrayNode a = o.putArray("errors");
      errors.forEach(p -> a.addObject().put("path", p.path()).put("message", p.message()));
    }
    return o;
  }
}
