package dev.gavel.core.port;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * Who made a policy revision and what it is, as version control records it: the commit id, its
 * tree id, author and committer, and the message.
 */
public record RevisionInfo(String commit, String tree, Person author, Person committer, String message) {
  public RevisionInfo {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(committer, "committer");
    message = message == null ? "" : message;
  }

  /** A name, an e-mail address and a time. */
  public record Person(String name, String email, Instant when) {
    ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("name", name);
      o.put("email", email);
      o.put("time", when.toString());
      return o;
    }

    static Person fromJson(JsonNode o) {
      return new Person(o.path("name").asText(""), o.path("email").asText(""), Instant.parse(o.path("time").asText("1970-01-01T00:00:00Z")));
    }
  }

  /** The first line of the message. */
  public String subject() {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", commit);
    o.put("tree", tree);
    o.set("author", author.toJson());
    o.set("committer", committer.toJson());
    o.put("message", message);
    return o;
  }

  public static RevisionInfo fromJson(JsonNode o) {
    return new RevisionInfo(o.path("id").asText(), o.path("tree").asText(), Person.fromJson(o.path("author")),
        Person.fromJson(o.path("committer")), o.path("message").asText(""));
  }
}
