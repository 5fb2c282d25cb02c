package dev.gavel.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Bearer tokens issued by {@code gavel tokens create}: only each token's SHA-256 is kept (with its
 * id, name, role, creation, expiry and revocation) in one JSON file, mode 0600, under
 * $GAVEL_HOME. A token is {@code gvl_} and 43 base64url characters (256 random bits), so a plain
 * SHA-256 is enough (nothing to brute-force); the token itself is returned once by
 * {@link #create} and never stored, logged or shown again. Writers take a file lock and replace the
 * file atomically; a running server re-reads it when it changes, so a revocation takes effect at
 * once.
 */
public final class TokenStore {
  public static final String PREFIX = "gvl_";
  private final Path file;
  private volatile Snapshot snapshot = new Snapshot(null, -1, Map.of(), List.of());

  /** A stored token (without the token). */
  public record Token(String id, String name, Role role, Instant created, Instant expires, Instant revoked) {
    public Token {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(created, "created");
    }

    public String status(Instant now) {
      return revoked != null ? "revoked" : expires != null && !now.isBefore(expires) ? "expired" : "active";
    }
  }

  /** A token just created: the secret (shown once) and its record. */
  public record Issued(String secret, Token token) {}

  /** Why a presented token was not accepted. */
  public enum Refusal { UNKNOWN, EXPIRED, REVOKED }

  /** The outcome of {@link #check}: a token, or a refusal. */
  public record Check(Token token, Refusal refusal) {}

  private record Snapshot(FileTime modified, long size, Map<String, Token> byHash, List<Token> all) {}

  public TokenStore(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  public Path file() {
    return file;
  }

  /**
   * Makes a new token for {@code name} in {@code role}, valid until {@code expires} (null: no expiry),
   * without storing it yet ({@link #save}): the caller records the issue first, so no token is ever
   * usable that the ledger does not know of.
   */
  public static Issued mint(String name, Role role, Instant now, Instant expires) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,199}")) {
      throw new IllegalArgumentException("a token name is 1-200 characters of letters, digits and ._:@/+- starting with a "
          + "letter or digit (got " + (name == null ? "nothing" : "'" + name + "'") + ")");
    }
    Objects.requireNonNull(role, "role");
    if (expires != null && !expires.isAfter(now)) {
      throw new IllegalArgumentException("the expiry " + expires + " is not after now");
    }
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    return new Issued(secret, new Token(hash(secret).substring(0, 12), name, role, now, expires, null));
  }

  /** A lifetime as operators write it: {@code 90d}, {@code 12h}, {@code 30m}, {@code PT1H}; positive. */
  public static java.time.Duration lifetime(String s) {
    java.time.Duration d = s.matches("[0-9]{1,5}d") ? java.time.Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1)))
        : dev.gavel.runtime.Durations.parse(s);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("must be positive");
    }
    return d;
  }

  /** Stores a minted token (its hash and record; never the token). */
  public void save(Issued issued) throws IOException {
    Token t = issued.token();
    String hash = hash(issued.secret());
    update(doc -> {
      ObjectNode o = ((ArrayNode) doc.get("tokens")).addObject();
      o.put("id", t.id());
      o.put("sha256", hash);
      o.put("name", t.name());
      o.put("role", t.role().wire());
      o.put("created", t.created().toString());
      if (t.expires() != null) {
        o.put("expires", t.expires().toString());
      }
      return null;
    });
  }

  /** {@link #mint} and {@link #save} in one step (tests, tools that record elsewhere). */
  public Issued create(String name, Role role, Instant now, Instant expires) throws IOException {
    Issued i = mint(name, role, now, expires);
    save(i);
    return i;
  }

  /** Revokes the token with id {@code idOrName}, or every active token of that name; returns those revoked. */
  public List<Token> revoke(String idOrName, Instant now) throws IOException {
    List<Token> done = new ArrayList<>();
    update(doc -> {
      for (JsonNode n : doc.get("tokens")) {
        ObjectNode o = (ObjectNode) n;
        if ((o.path("id").asText().equals(idOrName) || o.path("name").asText().equals(idOrName)) && !o.has("revoked")) {
          o.put("revoked", now.toString());
          done.add(token(o));
        }
      }
      return null;
    });
    return done;
  }

  /** Every token, oldest first. */
  public List<Token> list() throws IOException {
    return current().all();
  }

  /** Looks a presented token up (re-reading the file when it changed). */
  public Check check(String presented, Instant now) throws IOException {
    if (presented == null || !presented.startsWith(PREFIX)) {
      return new Check(null, Refusal.UNKNOWN);
    }
    Token t = current().byHash().get(hash(presented));
    if (t == null) {
      return new Check(null, Refusal.UNKNOWN);
    }
    if (t.revoked() != null) {
      return new Check(t, Refusal.REVOKED);
    }
    if (t.expires() != null && !now.isBefore(t.expires())) {
      return new Check(t, Refusal.EXPIRED);
    }
    return new Check(t, null);
  }

  private Snapshot current() throws IOException {
    Snapshot s = snapshot;
    FileTime modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(file);
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      return new Snapshot(null, -1, Map.of(), List.of());
    }
    if (modified.equals(s.modified()) && size == s.size()) {
      return s;
    }
    synchronized (this) {
      JsonNode doc = read();
      Map<String, Token> byHash = new HashMap<>();
      List<Token> all = new ArrayList<>();
      for (JsonNode n : doc.get("tokens")) {
        Token t = token(n);
        byHash.put(n.path("sha256").asText(), t);
        all.add(t);
      }
      s = new Snapshot(modified, size, Map.copyOf(byHash), List.copyOf(all));
      snapshot = s;
      return s;
    }
  }

  private static Token token(JsonNode o) {
    return new Token(o.path("id").asText(), o.path("name").asText(), Role.require(o.path("role").asText()),
        Instant.parse(o.path("created").asText()), o.hasNonNull("expires") ? Instant.parse(o.get("expires").asText()) : null,
        o.hasNonNull("revoked") ? Instant.parse(o.get("revoked").asText()) : null);
  }

  private JsonNode read() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      ObjectNode empty = JsonNodeFactory.instance.objectNode();
      empty.putArray("tokens");
      return empty;
    }
    try {
      JsonNode doc = Json.read(bytes);
      if (!doc.path("tokens").isArray()) {
        throw new IOException(file + " is not a Gavel token file (no tokens list)");
      }
      return doc;
    } catch (Json.ParseException e) {
      throw new IOException(file + " is damaged: " + e.located(), e);
    }
  }

  /** Read-modify-write under an exclusive lock; the file is replaced atomically with mode 0600. */
  private void update(java.util.function.Function<ObjectNode, Void> change) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path lock = dir.resolve(file.getFileName() + ".lock");
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      ObjectNode doc = (ObjectNode) read();
      change.apply(doc);
      Path tmp = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, (doc.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** SHA-256 hex of a token's UTF-8 bytes. */
  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
