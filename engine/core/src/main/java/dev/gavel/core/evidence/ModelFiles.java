package dev.gavel.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What was found on disk under a model path, read by the CLI or runtime and handed to the core as
 * data (the core reads no files): every entry with its path relative to the model root ('/'
 * separators; {@code "."} for a model that is a single file), its kind, and the SHA-256 of its
 * bytes (of the target's bytes for a symlink to a file). Nothing is left out here: which paths are
 * ignored is decided by {@link ModelManifest} from the signed manifest, the model-signing defaults
 * and {@code ignorePaths}, the extra paths the caller asked to ignore. Recorded with the decision
 * ({@code verified.modelDirectory}), so replay compares against the same observation.
 */
public record ModelFiles(boolean singleFile, List<Entry> entries, List<String> ignorePaths) {
  public enum Kind {
    /** A regular file. */
    FILE,
    /** A symbolic link; {@code sha256} is its target's, when the target is a regular file. */
    SYMLINK,
    /** Anything else (a device, a pipe, a socket, an unreadable file): never part of a model. */
    OTHER
  }

  /** One entry; {@code outside}: a symlink whose target lies outside the model root. */
  public record Entry(String path, Kind kind, String sha256, boolean outside) {
    public Entry {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(kind, "kind");
      if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("sha256 must be 64 lowercase hex characters");
      }
      if (kind == Kind.FILE && sha256 == null) {
        throw new IllegalArgumentException("a regular file needs its sha256");
      }
    }
  }

  public ModelFiles {
    entries = List.copyOf(entries);
    ignorePaths = List.copyOf(ignorePaths);
    for (Entry e : entries) {
      if (singleFile ? !e.path().equals(".") : !relative(e.path())) {
        throw new IllegalArgumentException("entry path '" + e.path() + "' must be " + (singleFile ? "'.' for a single-file model"
            : "relative, '/'-separated, without '.', '..' or empty parts"));
      }
    }
    if (singleFile && entries.size() != 1) {
      throw new IllegalArgumentException("a single-file model has exactly one entry");
    }
    for (String p : ignorePaths) {
      if (!relative(p)) {
        throw new IllegalArgumentException("ignore path '" + p + "' must be relative to the model root, without '..'");
      }
    }
  }

  static boolean relative(String p) {
    if (p.isEmpty() || p.startsWith("/") || p.endsWith("/")) {
      return false;
    }
    for (String part : p.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("singleFile", singleFile);
    ArrayNode list = o.putArray("entries");
    for (Entry e : entries) {
      ObjectNode n = list.addObject();
      n.put("path", e.path());
      n.put("kind", e.kind().name().toLowerCase());
      if (e.sha256() != null) {
        n.put("sha256", e.sha256());
      }
      if (e.outside()) {
        n.put("outside", true);
      }
    }
    ArrayNode ig = o.putArray("ignorePaths");
    ignorePaths.forEach(ig::add);
    return o;
  }

  /** Reads {@link #toJson()} back (a recorded observation, for replay); IllegalArgumentException when malformed. */
  public static ModelFiles fromJson(JsonNode o) {
    if (o == null || !o.isObject() || !o.path("entries").isArray()) {
      throw new IllegalArgumentException("a model directory observation is an object with entries");
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode n : o.get("entries")) {
      Kind kind;
      try {
        kind = Kind.valueOf(n.path("kind").asText("").toUpperCase());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown entry kind " + n.path("kind"));
      }
      entries.add(new Entry(n.path("path").asText(), kind, n.path("sha256").isTextual() ? n.get("sha256").asText() : null,
          n.path("outside").asBoolean(false)));
    }
    List<String> ignore = new ArrayList<>();
    o.path("ignorePaths").forEach(p -> ignore.add(p.asText()));
    return new ModelFiles(o.path("singleFile").asBoolean(false), entries, ignore);
  }
}
