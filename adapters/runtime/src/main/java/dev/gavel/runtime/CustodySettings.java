package dev.gavel.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where Gavel keeps its signing key ({@code key-custody:} in gavel.yaml): {@code file} (the default:
 * the Ed25519 key as signer-key text, mode 0600), {@code encrypted} (the Ed25519 key as encrypted
 * PKCS#8: PBES2 with the scrypt KDF and AES-256-CBC, the passphrase from {@code
 * $GAVEL_KEY_PASSPHRASE} or {@code passphrase-file}), or {@code pkcs11} (an ECDSA P-256 key
 * generated inside a PKCS#11 token, which signs there and never lets the key out; the PIN from
 * {@code $GAVEL_PKCS11_PIN} or {@code pin-file}). The kind is where new keys are made (the first
 * key, and rotations); the key in force stays where it was made until {@code gavel keys rotate}
 * moves it. Secrets are read when used and never printed.
 * <pre>
 * key-custody:
 *   kind: pkcs11                 # file | encrypted | pkcs11
 *   passphrase-file: key.pass    # encrypted (else $GAVEL_KEY_PASSPHRASE); first line
 *   scrypt-cost: 17              # encrypted: log2 of scrypt's N for new keys (14..22; r 8, p 1)
 *   pkcs11:
 *     library: /usr/lib/softhsm/libsofthsm2.so
 *     slot: 1734050922           # the token's slot id, or
 *     slot-index: 0              # its position in the slot list (default 0)
 *     pin-file: hsm.pin          # else $GAVEL_PKCS11_PIN; first line
 *     key-label: gavel-ledger    # prefix of the labels of keys Gavel generates
 * </pre>
 */
public record CustodySettings(Kind kind, Secret passphrase, int scryptCost, Pkcs11 pkcs11) {
  /** How the key is kept. */
  public enum Kind {
    FILE, ENCRYPTED, PKCS11;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind of(String s) {
      for (Kind k : values()) {
        if (k.wire().equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException("must be file, encrypted or pkcs11 but got '" + s + "'");
    }
  }

  public static final CustodySettings DEFAULT = new CustodySettings(Kind.FILE, Secret.env("GAVEL_KEY_PASSPHRASE", null, null), 17,
      null);
  static final int MIN_SCRYPT_COST = 14;
  static final int MAX_SCRYPT_COST = 22;
  private static final Set<String> KEYS = Set.of("kind", "passphrase-file", "scrypt-cost", "pkcs11");
  private static final Set<String> PKCS11_KEYS = Set.of("library", "slot", "slot-index", "pin-file", "key-label");

  public CustodySettings {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(passphrase, "passphrase");
    if (scryptCost < MIN_SCRYPT_COST || scryptCost > MAX_SCRYPT_COST) {
      throw new IllegalArgumentException("scrypt-cost must be in " + MIN_SCRYPT_COST + ".." + MAX_SCRYPT_COST);
    }
    if (kind == Kind.PKCS11 && pkcs11 == null) {
      throw new IllegalArgumentException("kind pkcs11 needs the pkcs11 mapping (library, slot or slot-index, pin)");
    }
  }

  /** The token Gavel's key lives in: the PKCS#11 module, which slot, the PIN, and the label prefix of Gavel's keys. */
  public record Pkcs11(Path library, Long slot, int slotIndex, Secret pin, String keyLabel) {
    public Pkcs11 {
      Objects.requireNonNull(library, "library");
      Objects.requireNonNull(pin, "pin");
      Objects.requireNonNull(keyLabel, "keyLabel");
    }
  }

  /**
   * A secret from an environment variable (captured when the configuration was read) or a file
   * (read when needed, its first line). Its toString names the source, never the value.
   */
  public static final class Secret {
    private final String envName;
    private final char[] envValue;
    private final Path file;

    private Secret(String envName, char[] envValue, Path file) {
      this.envName = envName;
      this.envValue = envValue;
      this.file = file;
    }

    static Secret env(String name, String value, Path file) {
      return new Secret(name, value == null || value.isEmpty() ? null : value.toCharArray(), file);
    }

    /** The secret; a ConfigurationException saying where it was looked for when it is not there. */
    public char[] read() throws ConfigurationException {
      if (envValue != null) {
        return envValue.clone();
      }
      if (file != null) {
        try {
          String line = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
          if (line.isEmpty()) {
            throw new ConfigurationException(file + " is empty (it should hold the secret on its first line)");
          }
          return line.toCharArray();
        } catch (IOException | java.io.UncheckedIOException e) {
          throw new ConfigurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
      }
      throw new ConfigurationException("no secret: set $" + envName + " (or the -file key of key-custody in gavel.yaml)");
    }

    @Override
    public String toString() {
      return envValue != null ? "$" + envName : file != null ? file.toString() : "(none)";
    }
  }

  /** Reads the {@code key-custody} mapping of {@code configFile} (null: absent) with {@code env}. */
  static CustodySettings parse(JsonNode section, Path configFile, Path home, Map<String, String> env) throws ConfigurationException {
    String passEnv = env.get("GAVEL_KEY_PASSPHRASE");
    if (section == null) {
      return new CustodySettings(Kind.FILE, Secret.env("GAVEL_KEY_PASSPHRASE", passEnv, null), DEFAULT.scryptCost(), null);
    }
    if (!section.isObject()) {
      throw new ConfigurationException(at(configFile) + "key-custody must be a mapping (kind, passphrase-file, pkcs11)");
    }
    only(section, KEYS, configFile, "key-custody");
    Kind kind;
    try {
      kind = Kind.of(text(section, "kind", "file", configFile, "key-custody"));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(YamlLocation.of(configFile, List.of("key-custody", "kind")) + "key-custody.kind " + e.getMessage());
    }
    String passFile = text(section, "passphrase-file", null, configFile, "key-custody");
    Secret passphrase = Secret.env("GAVEL_KEY_PASSPHRASE", passEnv, passFile == null ? null : home.resolve(passFile));
    int cost = DEFAULT.scryptCost();
    if (section.has("scrypt-cost")) {
      JsonNode c = section.get("scrypt-cost");
      if (!c.isIntegralNumber() || c.asInt() < MIN_SCRYPT_COST || c.asInt() > MAX_SCRYPT_COST) {
        throw new ConfigurationException(YamlLocation.of(configFile, List.of("key-custody", "scrypt-cost"))
            + "key-custody.scrypt-cost must be a whole number in " + MIN_SCRYPT_COST + ".." + MAX_SCRYPT_COST
            + " (log2 of scrypt's N) but got " + c);
      }
      cost = c.asInt();
    }
    Pkcs11 pkcs11 = null;
    if (section.has("pkcs11")) {
      pkcs11 = pkcs11(section.get("pkcs11"), configFile, home, env);
    }
    if (kind == Kind.PKCS11 && pkcs11 == null) {
      throw new ConfigurationException(YamlLocation.of(configFile, List.of("key-custody", "kind"))
          + "key-custody.kind is pkcs11 but there is no key-custody.pkcs11 mapping (library, slot or slot-index, pin-file)");
    }
    return new CustodySettings(kind, passphrase, cost, pkcs11);
  }

  private static Pkcs11 pkcs11(JsonNode p, Path configFile, Path home, Map<String, String> env) throws ConfigurationException {
    String where = "key-custody.pkcs11";
    if (!p.isObject()) {
      throw new ConfigurationException(YamlLocation.of(configFile, List.of("key-custody", "pkcs11")) + where
          + " must be a mapping (library, slot or slot-index, pin-file, key-label)");
    }
    only(p, PKCS11_KEYS, configFile, where);
    String library = text(p, "library", null, configFile, where);
    if (library == null) {
      throw new ConfigurationException(YamlLocation.of(configFile, List.of("key-custody", "pkcs11")) + where
          + ".library is required (the token's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so)");
    }
    if (p.has("slot") && p.has("slot-index")) {
      throw new ConfigurationException(YamlLocation.of(configFile, List.of("key-custody", "pkcs11", "slot")) + where
          + ": give slot or slot-index, not both");
    }
    Long slot = null;
    int index = 0;
    if (p.has("slot")) {
      if (!p.get("slot").isIntegralNumber() || p.get("slot").asLong() < 0) {
        throw new ConfigurationException(YamlLocation.of(configFile, List.of("key-custody", "pkcs11", "slot")) + where
            + ".slot must be the token's slot id (a whole number) but got " + p.get("slot"));
      }
      slot = p.get("slot").asLong();
    }
    if (p.has("slot-index")) {
      if (!p.get("slot-index").isIntegralNumber() || p.get("slot-index").asInt() < 0) {
        throw new ConfigurationException(YamlLocation.of(configFile, List.of("key-custody", "pkcs11", "slot-index")) + where
            + ".slot-index must be a whole number of at least 0 but got " + p.get("slot-index"));
      }
      index = p.get("slot-index").asInt();
    }
    String pinFile = text(p, "pin-file", null, configFile, where);
    String label = text(p, "key-label", "gavel-ledger", configFile, where);
    if (!label.matches("[A-Za-z0-9._-]{1,40}")) {
      throw new ConfigurationException(YamlLocation.of(configFile, List.of("key-custody", "pkcs11", "key-label")) + where
          + ".key-label must be 1 to 40 letters, digits, '.', '_' or '-' but got '" + label + "'");
    }
    return new Pkcs11(home.resolve(library), slot, index, Secret.env("GAVEL_PKCS11_PIN", env.get("GAVEL_PKCS11_PIN"),
        pinFile == null ? null : home.resolve(pinFile)), label);
  }

  private static String text(JsonNode o, String key, String fallback, Path configFile, String where) throws ConfigurationException {
    JsonNode v = o.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isTextual()) {
      List<String> path = new java.util.ArrayList<>(List.of(where.split("\\.")));
      path.add(key);
      throw new ConfigurationException(YamlLocation.of(configFile, path) + where + "." + key + " must be a string but got " + v);
    }
    return v.asText();
  }

  private static void only(JsonNode o, Set<String> known, Path configFile, String where) throws ConfigurationException {
    var it = o.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!known.contains(k)) {
        List<String> path = new java.util.ArrayList<>(List.of(where.split("\\.")));
        path.add(k);
        throw new ConfigurationException(YamlLocation.of(configFile, path) + "unknown key " + where + "." + k + " (known: "
            + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
  }

  private static String at(Path configFile) {
    return YamlLocation.of(configFile, List.of("key-custody"));
  }
}
