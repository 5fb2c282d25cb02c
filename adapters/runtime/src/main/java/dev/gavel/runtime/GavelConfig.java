package dev.gavel.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.bundles.BundleLimits;
import dev.gavel.json.Json;
import dev.gavel.json.Utf8;
import dev.gavel.json.Yaml;
import dev.gavel.rego.EvalLimits;
import dev.gavel.store.JdbcLedgerStore;
import dev.gavel.store.StoreCredentials;
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
 * evaluator: embedded           # --evaluator embedded|opa
 * opa-url: http://127.0.0.1:8181  # --opa-url (evaluator opa)
 * opa-token-file: FILE          # --opa-token: a bearer token for OPA, read from a file
 * opa-ca: FILE                  # PEM certificate(s) to trust for an https OPA
 * store: jdbc:sqlite:FILE       # --store (default: GAVEL_HOME/ledger.db), or jdbc:postgresql://HOST:PORT/DB
 * store-user: gavel             # who to connect as (env GAVEL_STORE_USER wins; a user= in the URL wins over both)
 * store-password-file: FILE     # the password, in a file (env GAVEL_STORE_PASSWORD wins; never logged)
 * checkpoint-every: 1           # a signed checkpoint at least every N entries
 * evaluation-timeout: 10s       # the longest one policy evaluation may run
 * policy-repo: PATH|URL         # --policy-repo: policies governed in Git (instead of policies:)
 * policy-ref: main              # --policy-ref: the tracked ref
 * policy-path: policies         # --policy-path: the policy directory inside the repository
 * evaluation-limits:            # what one evaluation may use (defaults: the engine's, see README)
 *   steps: 50000000
 *   elements: 20000000
 *   depth: 500
 * bundle: FILE                  # --bundle: an OPA bundle instead of policy directories
 * bundle-public-key: PEM        # --bundle-public-key: the bundle must be signed by this key
 * bundle-limits: {entries: 10000, entry-bytes: 67108864, total-bytes: 268435456}
 * serve: {...}                  # gavel serve's settings, read by gavel-http ({@link #serveSection})
 * key-custody: {...}            # where the signing key is kept ({@link CustodySettings})
 * </pre>
 * The policy source is taken whole from the first level that names one: flags ({@code --bundle}
 * or {@code --policies}, not both), then {@code GAVEL_POLICIES}, then gavel.yaml ({@code bundle}
 * or {@code policies}, not both), then {@code $GAVEL_HOME/policies}. A configured
 * {@code bundle-public-key} with a source that is not a bundle is an error (fail closed: a key
 * means policies must come signed).
 * An unknown key or a value of the wrong type is an error naming gavel.yaml:line:col.
 */
public record GavelConfig(Path home, List<Path> policies, List<Path> data, String evaluator, String store,
    StoreCredentials storeCredentials, int checkpointEvery, Duration evaluationTimeout, EvalLimits evaluationLimits,
    PolicyRepo policyRepo, Opa opa, Path bundle, Path bundlePublicKey, BundleLimits bundleLimits, CustodySettings keyCustody) {
  static final Set<String> KEYS = Set.of("policies", "data", "evaluator", "store", "checkpoint-every", "evaluation-timeout",
      "evaluation-limits", "policy-repo", "policy-ref", "policy-path", "opa-url", "opa-token-file", "opa-ca", "bundle",
      "bundle-public-key", "bundle-limits", "serve", "store-user", "store-password-file", "key-custody");

  /** A configuration whose key is kept in a file (the default custody). */
  public GavelConfig(Path home, List<Path> policies, List<Path> data, String evaluator, String store,
      StoreCredentials storeCredentials, int checkpointEvery, Duration evaluationTimeout, EvalLimits evaluationLimits,
      PolicyRepo policyRepo, Opa opa, Path bundle, Path bundlePublicKey, BundleLimits bundleLimits) {
    this(home, policies, data, evaluator, store, storeCredentials, checkpointEvery, evaluationTimeout, evaluationLimits, policyRepo,
        opa, bundle, bundlePublicKey, bundleLimits, CustodySettings.DEFAULT);
  }

  /** Where OPA is (evaluator opa): its URL, a file holding its bearer token, a PEM file of certificates to trust. */
  public record Opa(java.net.URI url, Path tokenFile, Path caFile) {
    public Opa {
      Objects.requireNonNull(url, "url");
    }
  }

  /**
   * A Git-governed policy: a local repository or a URL, the tracked ref (default main) and the
   * policy directory inside it (null: policies/ when present, else the root).
   */
  public record PolicyRepo(String location, String ref, String path) {
    public PolicyRepo {
      Objects.requireNonNull(location, "location");
      ref = ref == null ? "main" : ref;
    }
  }
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public GavelConfig {
    Objects.requireNonNull(home, "home");
    policies = List.copyOf(policies);
    data = List.copyOf(data);
    Objects.requireNonNull(evaluator, "evaluator");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(storeCredentials, "storeCredentials");
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpoint-every must be at least 1 but got " + checkpointEvery);
    }
    if (evaluationTimeout.isNegative() || evaluationTimeout.isZero()) {
      throw new IllegalArgumentException("evaluation-timeout must be positive but got " + evaluationTimeout);
    }
    Objects.requireNonNull(evaluationLimits, "evaluationLimits");
    Objects.requireNonNull(bundleLimits, "bundleLimits");
    Objects.requireNonNull(keyCustody, "keyCustody");
  }

  /** Flags given on a command line; null (or empty lists) for flags not given. */
  public record Flags(Path home, List<Path> policies, List<Path> data, String evaluator, String store, String policyRepo,
      String policyRef, String policyPath, String opaUrl, Path opaToken, Path bundle, Path bundlePublicKey) {
    public static final Flags NONE = new Flags(null, List.of(), List.of(), null, null);

    public Flags {
      policies = policies == null ? List.of() : List.copyOf(policies);
      data = data == null ? List.of() : List.copyOf(data);
    }

    public Flags(Path home, List<Path> policies, List<Path> data, String evaluator, String store) {
      this(home, policies, data, evaluator, store, null, null, null, null, null, null, null);
    }

    public Flags(Path home, List<Path> policies, List<Path> data, String evaluator, String store, String policyRepo,
        String policyRef, String policyPath) {
      this(home, policies, data, evaluator, store, policyRepo, policyRef, policyPath, null, null, null, null);
    }

    public Flags(Path home, List<Path> policies, List<Path> data, String evaluator, String store, Path bundle, Path bundlePublicKey) {
      this(home, policies, data, evaluator, store, null, null, null, null, null, bundle, bundlePublicKey);
    }
  }

  /**
   * Resolves the configuration for {@code flags} and {@code env}; reads gavel.yaml when it exists.
   * Nothing is created.
   */
  public static GavelConfig resolve(Flags flags, Map<String, String> env) throws ConfigurationException {
    Path home = GavelHome.locate(flags.home(), env);
    Map<String, Object> file = readFile(GavelHome.configFile(home));
    // The policy source is taken whole from the first level that names one.
    int flagKinds = (flags.policies().isEmpty() ? 0 : 1) + (flags.bundle() == null ? 0 : 1) + (flags.policyRepo() == null ? 0 : 1);
    if (flagKinds > 1) {
      throw new ConfigurationException("--policies, --bundle and --policy-repo name different policy sources: give one");
    }
    int fileKinds = (file.containsKey("policies") ? 1 : 0) + (file.containsKey("bundle") ? 1 : 0) + (file.containsKey("policy-repo") ? 1 : 0);
    if (fileKinds > 1) {
      throw new ConfigurationException(GavelHome.configFile(home) + ": policies, bundle and policy-repo name different policy "
          + "sources: keep one");
    }
    boolean envPolicies = env.get("GAVEL_POLICIES") != null && !env.get("GAVEL_POLICIES").isBlank();
    Path bundle = null;
    PolicyRepo repo = null;
    List<Path> policies = List.of();
    if (flagKinds == 1) {
      bundle = flags.bundle();
      policies = flags.policies();
      if (flags.policyRepo() != null) {
        repo = new PolicyRepo(flags.policyRepo(), first(flags.policyRef(), (String) file.get("policy-ref")),
            first(flags.policyPath(), (String) file.get("policy-path")));
      }
    } else if (envPolicies) {
      policies = List.of(Path.of(env.get("GAVEL_POLICIES")));
    } else if (fileKinds == 1) {
      bundle = file.containsKey("bundle") ? home.resolve((String) file.get("bundle")) : null;
      policies = paths(home, file.get("policies"));
      if (file.containsKey("policy-repo")) {
        repo = new PolicyRepo((String) file.get("policy-repo"), first(flags.policyRef(), (String) file.get("policy-ref")),
            first(flags.policyPath(), (String) file.get("policy-path")));
      }
    } else if (Files.isDirectory(home.resolve("policies"))) {
      policies = List.of(home.resolve("policies"));
    }
    Path key = flags.bundlePublicKey() != null ? flags.bundlePublicKey()
        : file.containsKey("bundle-public-key") ? home.resolve((String) file.get("bundle-public-key")) : null;
    if (key != null && bundle == null) {
      throw new ConfigurationException("a bundle public key is configured but the policy source is "
          + (policies.isEmpty() ? "not set" : "a directory") + ": a configured key means policies must come from a signed bundle"
          + " (--bundle FILE or bundle in gavel.yaml)");
    }
    BundleLimits bundleLimits = file.containsKey("bundle-limits") ? (BundleLimits) file.get("bundle-limits") : BundleLimits.DEFAULT;
    List<Path> data = flags.data().isEmpty() ? paths(home, file.get("data")) : flags.data();
    String evaluator = first(flags.evaluator(), (String) file.get("evaluator"), "embedded");
    if (!evaluator.equals("embedded") && !evaluator.equals("opa")) {
      throw new ConfigurationException("evaluator must be embedded or opa but got " + evaluator);
    }
    Opa opa = null;
    String opaUrl = first(flags.opaUrl(), (String) file.get("opa-url"));
    if (evaluator.equals("opa")) {
      if (opaUrl == null) {
        throw new ConfigurationException("--evaluator opa needs --opa-url URL (or opa-url in " + GavelHome.configFile(home) + ")");
      }
      java.net.URI u;
      try {
        u = java.net.URI.create(opaUrl);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("--opa-url is not a URL: " + opaUrl);
      }
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw new ConfigurationException("--opa-url must be an http or https URL but got " + opaUrl);
      }
      Path token = flags.opaToken() != null ? flags.opaToken() : file.containsKey("opa-token-file")
          ? home.resolve((String) file.get("opa-token-file")) : null;
      Path ca = file.containsKey("opa-ca") ? home.resolve((String) file.get("opa-ca")) : null;
      opa = new Opa(u, token, ca);
    } else if (opaUrl != null && flags.opaUrl() != null) {
      throw new ConfigurationException("--opa-url is for --evaluator opa");
    }
    String store = first(flags.store(), (String) file.get("store"), JdbcLedgerStore.embeddedUrl(GavelHome.ledgerFile(home)));
    StoreCredentials credentials = credentials(home, env, file);
    int every = file.containsKey("checkpoint-every") ? (Integer) file.get("checkpoint-every") : 1;
    Duration timeout = file.containsKey("evaluation-timeout") ? (Duration) file.get("evaluation-timeout") : DEFAULT_TIMEOUT;
    EvalLimits limits = file.containsKey("evaluation-limits") ? (EvalLimits) file.get("evaluation-limits") : EvalLimits.DEFAULT;
    CustodySettings custody = CustodySettings.parse((JsonNode) file.get("key-custody"), GavelHome.configFile(home), home, env);
    return new GavelConfig(home, policies, data, evaluator, store, credentials, every, timeout, limits, repo, opa, bundle, key, bundleLimits,
        custody);
  }

  /**
   * The {@code serve:} mapping of {@code home}'s gavel.yaml (the HTTP server's own settings, whose keys
   * mirror the flags of {@code gavel serve}), or null when absent. Only its shape is checked here.
   */
  public static JsonNode serveSection(Path home) throws ConfigurationException {
    return (JsonNode) readFile(GavelHome.configFile(home)).get("serve");
  }

  /**
   * Who the store connects to a database server as: GAVEL_STORE_USER / GAVEL_STORE_PASSWORD, else
   * store-user / store-password-file of gavel.yaml (the password read from its file, one line); a
   * user or password in the store URL wins over both. The password is never printed.
   */
  private static StoreCredentials credentials(Path home, Map<String, String> env, Map<String, Object> file)
      throws ConfigurationException {
    String user = nonBlank(env.get("GAVEL_STORE_USER"));
    if (user == null) {
      user = (String) file.get("store-user");
    }
    String password = nonBlank(env.get("GAVEL_STORE_PASSWORD"));
    if (password == null && file.containsKey("store-password-file")) {
      Path f = home.resolve((String) file.get("store-password-file"));
      try {
        password = Files.readString(f).lines().findFirst().orElse("");
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new ConfigurationException(GavelHome.configFile(home) + ": store-password-file " + f + " cannot be read: "
            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
      }
    }
    if (password != null && user == null) {
      throw new ConfigurationException("a store password is configured (GAVEL_STORE_PASSWORD or store-password-file) but no "
          + "store user: set GAVEL_STORE_USER or store-user in " + GavelHome.configFile(home));
    }
    return user == null ? StoreCredentials.NONE : new StoreCredentials(user, password);
  }

  private static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** The policy directories; a clear error when none is configured. */
  public List<Path> requirePolicies() throws ConfigurationException {
    if (policies.isEmpty()) {
      throw new ConfigurationException("no policy directory: pass --policies DIR (or --policy-repo), set GAVEL_POLICIES, set policies in "
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
    String text;
    JsonNode doc;
    try {
      text = Utf8.decode(Files.readAllBytes(f));
      doc = Yaml.reader().readDocument(text);
    } catch (Json.ParseException e) {
      throw new ConfigurationException(f + ":" + (e.line() > 0 ? e.line() + ":" + e.column() + ":" : "") + " not valid YAML: "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read " + f + ": " + e.getMessage(), e);
    }
    if (doc == null || doc.isNull()) {
      return out;
    }
    if (!doc.isObject()) {
      throw new ConfigurationException(f + ":1:1: gavel.yaml must be a mapping of keys to values");
    }
    var it = doc.fields();
    while (it.hasNext()) {
      var e = it.next();
      String where = at(f, text, e.getKey());
      if (!KEYS.contains(e.getKey())) {
        throw new ConfigurationException(where + "unknown key '" + e.getKey() + "' (known: " + String.join(", ",
            KEYS.stream().sorted().toList()) + ")");
      }
      out.put(e.getKey(), typed(where, e.getKey(), e.getValue()));
    }
    return out;
  }

  /** "file:line:col: " of a top-level key (the line where it starts), or "file: " when it cannot be found. */
  private static String at(Path f, String text, String key) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].matches("\"?" + java.util.regex.Pattern.quote(key) + "\"?\\s*:.*")) {
        return f + ":" + (i + 1) + ":1: ";
      }
    }
    return f + ": ";
  }

  private static Object typed(String where, String key, JsonNode v) throws ConfigurationException {
    switch (key) {
      case "policies":
      case "data": {
        List<String> list = new ArrayList<>();
        if (v.isTextual()) {
          list.add(v.asText());
        } else if (v.isArray()) {
          for (JsonNode e : v) {
            if (!e.isTextual()) {
              throw new ConfigurationException(where + key + " must be a path or a list of paths");
            }
            list.add(e.asText());
          }
        } else {
          throw new ConfigurationException(where + key + " must be a path or a list of paths");
        }
        return list;
      }
      case "serve":
        if (!v.isObject()) {
          throw new ConfigurationException(where + "serve must be a mapping of gavel serve's settings");
        }
        return v;
      case "key-custody":
        return v;  // checked by CustodySettings, which names file:line:col of each nested key
      case "checkpoint-every":
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
          throw new ConfigurationException(where + "checkpoint-every must be a whole number of at least 1 but got " + v);
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
          throw new ConfigurationException(where + "evaluation-timeout must be a duration such as 10s or 500ms but got "
              + v + " (" + e.getMessage() + ")");
        }
      case "bundle-limits": {
        if (!v.isObject()) {
          throw new ConfigurationException(where + "bundle-limits must be a mapping with entries, entry-bytes and total-bytes");
        }
        BundleLimits l = BundleLimits.DEFAULT;
        var it = v.fields();
        while (it.hasNext()) {
          var e = it.next();
          JsonNode n = e.getValue();
          if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 1) {
            throw new ConfigurationException(where + "bundle-limits." + e.getKey() + " must be a whole number of at least 1 but got " + n);
          }
          try {
            switch (e.getKey()) {
              case "entries" -> l = l.withMaxEntries((int) Math.min(Integer.MAX_VALUE, n.asLong()));
              case "entry-bytes" -> l = l.withMaxEntryBytes(n.asLong());
              case "total-bytes" -> l = l.withMaxTotalBytes(n.asLong());
              default -> throw new ConfigurationException(where + "unknown key bundle-limits." + e.getKey()
                  + " (known: entries, entry-bytes, total-bytes)");
            }
          } catch (IllegalArgumentException ex) {
            throw new ConfigurationException(where + ex.getMessage());
          }
        }
        return l;
      }
      case "evaluation-limits": {
        if (!v.isObject()) {
          throw new ConfigurationException(where + "evaluation-limits must be a mapping with steps, elements and depth");
        }
        EvalLimits l = EvalLimits.DEFAULT;
        var it = v.fields();
        while (it.hasNext()) {
          var e = it.next();
          JsonNode n = e.getValue();
          if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 1) {
            throw new ConfigurationException(where + "evaluation-limits." + e.getKey() + " must be a whole number of at least 1 but got " + n);
          }
          switch (e.getKey()) {
            case "steps" -> l = l.withMaxSteps(n.asLong());
            case "elements" -> l = l.withMaxElements(n.asLong());
            case "depth" -> l = l.withMaxDepth((int) Math.min(Integer.MAX_VALUE, n.asLong()));
            default -> throw new ConfigurationException(where + "unknown key evaluation-limits." + e.getKey()
                + " (known: steps, elements, depth)");
          }
        }
        return l;
      }
      default:
        if (!v.isTextual()) {
          throw new ConfigurationException(where + key + " must be a string but got " + v);
        }
        return v.asText();
    }
  }

}
