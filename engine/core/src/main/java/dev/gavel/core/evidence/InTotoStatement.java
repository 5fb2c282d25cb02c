package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** An in-toto Statement v1 decoded from a DSSE payload: its subjects and predicate. */
public record InTotoStatement(String predicateType, List<Subject> subjects, JsonNode predicate) {
  public static final String TYPE_V1 = "https://in-toto.io/Statement/v1";
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

  public InTotoStatement {
    subjects = List.copyOf(subjects);
  }

  /** A subject: a name and its sha256 digest (lowercase hex), or null when it has none. */
  public record Subject(String name, String sha256) {}

  /**
   * Decodes a statement; {@code path} is where the payload sits in the request. The payload is
   * read as strictly as the request (a duplicate key, invalid UTF-8 or a value canonical JSON
   * cannot hold is bad input), so that no two readers can see different statements in it.
   */
  public static InTotoStatement parse(byte[] payload, String path) throws EvidenceFormatException {
    JsonNode n = CanonicalForm.parseDecoded(payload, path, "payload");
    if (!n.isObject()) {
      throw new EvidenceFormatException(path, "payload must be an in-toto Statement object");
    }
    String type = n.path("_type").asText("");
    // The SLSA examples still carry a "?draft" suffix on the v1 type; it is the same schema.
    if (!type.equals(TYPE_V1) && !type.startsWith(TYPE_V1 + "?")) {
      throw new EvidenceFormatException(path, "payload _type must be " + TYPE_V1 + " but got '" + type + "'");
    }
    JsonNode subj = n.path("subject");
    if (!subj.isArray() || subj.isEmpty()) {
      throw new EvidenceFormatException(path, "statement has no subject");
    }
    List<Subject> subjects = new ArrayList<>();
    for (JsonNode s : subj) {
      String sha = s.path("digest").path("sha256").isTextual() ? s.path("digest").path("sha256").asText().toLowerCase() : null;
      subjects.add(new Subject(s.path("name").asText(""), sha));
    }
    return new InTotoStatement(n.path("predicateType").asText(""), subjects, n.path("predicate"));
  }

  /** The subject digests, in order. */
  public List<String> digests() {
    return subjects.stream().map(Subject::sha256).filter(d -> d != null).toList();
  }
}
