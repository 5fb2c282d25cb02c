package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.gavel.core.evidence.CanonicalForm;
import dev.gavel.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Parses and validates release requests against the JSON Schema shipped in this module
 * ({@code release-request.schema.json}). Every problem names its JSON path.
 *
 * <p>Parsing is strict ({@link Json#read}: duplicate keys and trailing content are errors, numbers
 * keep their exact decimal value). After parsing, the whole document is walked once and every
 * value RFC 8785 canonical JSON cannot represent is rejected ({@link CanonicalForm}): the request
 * is hashed and recorded in canonical form, so such a value is bad input, never an internal error.
 */
public final class ReleaseRequestParser {
  public static final String SCHEMA_RESOURCE = "/dev/gavel/core/release-request.schema.json";
  private final JsonSchema schema;

  public ReleaseRequestParser() {
    try (InputStream in = ReleaseRequestParser.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + SCHEMA_RESOURCE);
      }
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON text and validates it. */
  public ReleaseRequest parse(String text) throws InvalidRequestException {
    JsonNode node;
    try {
      node = Json.read(text);
    } catch (Json.ParseException e) {
      if (e.line() <= 0 && e.getMessage().equals("empty document")) {
        throw new InvalidRequestException(List.of(new RequestProblem("$", "empty document")));
      }
      String where = e.line() > 0 ? " at line " + e.line() + ", column " + e.column() : "";
      throw new InvalidRequestException(List.of(new RequestProblem("$", "malformed JSON" + where + ": " + e.getMessage())));
    }
    return validate(node);
  }

  /** Validates an already parsed document. */
  public ReleaseRequest validate(JsonNode node) throws InvalidRequestException {
    if (!node.isObject()) {
      throw new InvalidRequestException(List.of(new RequestProblem("$", "must be an object but got " + node.getNodeType().name().toLowerCase())));
    }
    List<RequestProblem> problems = new ArrayList<>(CanonicalForm.problems(node, "$"));
    Set<ValidationMessage> messages = schema.validate(node);
    for (ValidationMessage m : messages) {
      problems.add(problem(m));
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparing(RequestProblem::path).thenComparing(RequestProblem::message));
      throw new InvalidRequestException(problems.stream().distinct().toList());
    }
    List<ReleaseRequest.Artifact> artifacts = new ArrayList<>();
    for (JsonNode a : node.path("model").path("artifacts")) {
      artifacts.add(new ReleaseRequest.Artifact(a.path("name").asText(), a.path("digest").path("sha256").asText()));
    }
    return new ReleaseRequest(node, node.path("requester").path("id").asText(), node.path("model").path("name").asText(),
        node.path("model").path("version").asText(), node.path("riskTier").asText(), node.path("environment").asText(),
        artifacts);
  }

  /** One clear sentence per schema violation, at the path of the offending value. */
  private static RequestProblem problem(ValidationMessage m) {
    String at = m.getInstanceLocation().toString();
    String type = m.getType();
    String property = m.getProperty();
    switch (type) {
      case "additionalProperties":
        return new RequestProblem(child(at, property), "unknown field");
      case "required":
        return new RequestProblem(child(at, property), "required field is missing");
      case "pattern":
        if (at.endsWith(".sha256")) {
          return new RequestProblem(at, "must be 64 lowercase hex characters");
        }
        return new RequestProblem(at, "does not match the required pattern");
      case "enum":
      case "const":
        return new RequestProblem(at, stripPath(m.getMessage(), at));
      case "minItems":
        return new RequestProblem(at, "must not be empty");
      default:
        return new RequestProblem(at, stripPath(m.getMessage(), at));
    }
  }

  private static String child(String at, String property) {
    return property == null ? at : CanonicalForm.child(at, property);
  }

  private static String stripPath(String message, String at) {
    String prefix = at + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
