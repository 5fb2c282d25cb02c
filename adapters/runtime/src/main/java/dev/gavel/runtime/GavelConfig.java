package dev.gavel.runtime;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gavel.store.JdbcLedgerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How Gavel is set up: defaults, then {@code $GAVEL_HOME/gavel.yaml}, then the environment, then
 * command-line flags (each later one wins). Every key of gavel.yaml is a flag's name:
 * <pre>
 * policies: [DIR, ...]          # --policies (relative paths are relative to GAVEL_HOME)
 * data: [FILE, ...]             # --data overlays (evaluate)
 * evaluator: embedded           # --evaluator
 * store: jdbc:sqlite:FILE       # --store (default: GAVEL_HOME/ledger.db)
 * checkpoint-every: 1           # a signed checkpoint at least every N entries
 * evaluation-timeout: 10s       # the longest one policy evaluation may run
 * </pre>
 * An unknown key or a value of the wrong type is an error naming gavel.yaml:line:col.
 */
public record GavelConfig(Path home, List<Path> policies, List<Path> data, String evaluator, String store, int checkpointEvery,
    Duration evaluationTimeout) {
  static final Set<String> KEYS = Set.of("policies", "data", "evaluator", "store", "checkpoint-every", "evaluation-timeout");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public GavelConfig {
    Objects.requireNonNull(home, "home");
    policies = List.copyOf(policies);
    data = List.copyOf(data);
    Objects.requireNonNull(evaluator, "evaluator");
    Objects.requireNonNull(store, "store");
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpoint-every must be at least 1 but got " + checkpointEvery);
    }
    if (evaluationTimeout.isNegative() || evaluationTimeout.isZero()) {
      throw new IllegalArgumentException("evaluation-timeout must be positive but got " + evaluationTimeout);
    }
  }

  /** Flags given on a command line; null (or empty lists) for flags not given. */
  public record Flags(Path home, List<Path> policies, List<Path> data, String evaluator, String store) {
    public static final Flags NONE = new Flags(null, List.of(), List.of(), null, null);

    public Flags {
      policies = policies == null ? List.of() : List.copyOf(policies);
      data = data == null ? List.of() : List.copyOf(data);
    }
  }

  /**
   * Resolves the configuration for {@code flags} and {@code env}; reads gavel.yaml when it exists.
   * Nothing is created.
   */
  public static GavelConfig resolve(Flags flags, Map<String, String> env) throws ConfigurationException {
    Path home = GavelHome.locate(flags.home(), env);
    Map<String, Object> file = readFile(GavelHome.configFile(home));
    List<Path> policies = flags.policies();
    if (policies.isEmpty() && env.get("GAVEL_POLICIES") != null && !env.get("GAVEL_POLICIES").isBlank()) {
      policies = List.of(Path.of(env.get("GAVEL_POLICIES")));
    }
    if (policies.isEmpty()) {
      policies = paths(home, file.get("policies"));
    }
    if (policies.isEmpty() && Files.isDirectory(home.resolve("policies"))) {
      policies = List.of(home.resolve("policies"));
    }
    List<Path> data = flags.data().isEmpty() ? paths(home, file.get("data")) : flags.data();
    String evaluator = first(flags.evaluator(), (String) file.get("evaluator"), "embedded");
    if (!evaluator.equals("embedded")) {
      throw new ConfigurationException("evaluator must be embedded but got " + evaluator
          + " (the OPA evaluator is not built yet)");
    }
    String store = first(flags.store(), (String) file.get("store"), JdbcLedgerStore.embeddedUrl(GavelHome.ledgerFile(home)));
    int every = file.containsKey("checkpoint-every") ? (Integer) file.get("checkpoint-every") : 1;
    Duration timeout = file.containsKey("evaluation-timeout") ? (Duration) file.get("evaluation-timeout") : DEFAULT_TIMEOUT;
    return new GavelConfig(home, policies, data, evaluator, store, every, timeout);
  }

  /** The policy directories; a clear error when none is configured. */
  public List<Path> requirePolicies() throws ConfigurationException {
    if (policies.isEmpty()) {
      throw new ConfigurationException("no policy directory: pass --policies DIR, set GAVEL_POLICIES, set policies in "
          + GavelHome.configFile(home) + ", or create " + home.resolve("policies"));
    }
    return policies;
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static List<Path> paths(Path home, Object v) {
    List<Path> out = new ArrayList<>();
    if (v != null) {
      for (String s : (List<String>) v) {
        out.add(home.resolve(s));
      }
    }
    return out;
  }

  /** Reads gavel.yaml into typed values, naming file:line:col for every problem. */
  static Map<String, Object> readFile(Path f) throws ConfigurationException {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!Files.exists(f)) {
      return out;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read " + f + ": " + e.getMessage(), e);
    }
    YAMLMapper mapper = new YAMLMapper();
    try (JsonParser p = new YAMLFactory().createParser(bytes)) {
      p.setCodec(mapper);
      JsonToken t = p.nextToken();
      if (t == null) {
        return out;
      }
      if (t != JsonToken.START_OBJECT) {
        throw new ConfigurationException(at(f, p.currentLocation()) + "gavel.yaml must be a mapping of keys to values");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonLocation where = p.currentLocation();
        p.nextToken();
        JsonNode value = p.readValueAsTree();
        if (!KEYS.contains(key)) {
          throw new ConfigurationException(at(f, where) + "unknown key '" + key + "' (known: " + String.join(", ",
              KEYS.stream().sorted().toList()) + ")");
        }
        if (out.containsKey(key)) {
          throw new ConfigurationException(at(f, where) + "key '" + key + "' is given twice");
        }
        out.put(key, typed(f, where, key, value));
      }
    } catch (JsonProcessingException e) {
      throw new ConfigurationException(at(f, e.getLocation()) + "not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read " + f + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static Object typed(Path f, JsonLocation where, String key, JsonNode v) throws ConfigurationException {
    switch (key) {
      case "policies":
      case "data": {
        List<String> list = new ArrayList<>();
        if (v.isTextual()) {
          list.add(v.asText());
        } else if (v.isArray()) {
          for (JsonNode e : v) {
            if (!e.isTextual()) {
              throw new ConfigurationException(at(f, where) + key + " must be a path or a list of paths");
            }
            list.add(e.asText());
          }
        } else {
          throw new ConfigurationException(at(f, where) + key + " must be a path or a list of paths");
        }
        return list;
      }
      case "checkpoint-every":
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
          throw new ConfigurationException(at(f, where) + "checkpoint-every must be a whole number of at least 1 but got " + v);
        }
        return v.asInt();
      case "evaluation-timeout":
        try {
          Duration d = Durations.parse(v.asText());
          if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("must be positive");
          }
          return d;
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException(at(f, where) + "evaluation-timeout must be a duration such as 10s or 500ms but got "
              + v + " (" + e.getMessage() + ")");
        }
      default:
        if (!v.isTextual()) {
          throw new ConfigurationException(at(f, where) + key + " must be a string but got " + v);
        }
        return v.asText();
    }
  }

  private static String at(Path f, JsonLocation l) {
    return l == null ? f + ": " : f + ":" + l.getLineNr() + ":" + l.getColumnNr() + ": ";
  }
}
