package dev.gavel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.http.auth.CertificateIdentity;
import dev.gavel.http.auth.OidcSettings;
import dev.gavel.http.auth.Role;
import dev.gavel.runtime.ConfigurationException;
import dev.gavel.runtime.Durations;
import dev.gavel.runtime.GavelConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link ServerConfig} from the {@code serve:} mapping of gavel.yaml overlaid with the flags
 * of {@code gavel serve}: every flag is a key of that mapping with the same name (flags win), so a
 * deployment can be written down once. Every problem names its key ({@code gavel.yaml serve.max-body}
 * or {@code --max-body}) and what was expected; nothing starts on a bad value.
 */
public final class ServerSettings {
  /** The keys of the serve mapping; all but oidc, client-identities, bundle and alerts are also flags. */
  public static final Set<String> KEYS = Set.of("listen", "tls-cert", "tls-key", "client-ca", "client-auth", "plaintext",
      "allow-remote-plaintext", "max-body", "max-json-depth", "max-artifacts", "max-scans", "workers", "queue",
      "queue-timeout", "rate-limit", "rate-burst", "tokens-file", "access-log", "shutdown-grace", "oidc", "client-identities", "bundle",
      "alerts");
  public static final String DEFAULT_LISTEN = "127.0.0.1:8443";
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,10})\\s*(|B|KiB|MiB|GiB)");
  private static final Set<String> OIDC_KEYS = Set.of("issuer", "audience", "jwks", "role-claim", "identity-claim", "roles",
      "algorithms", "clock-skew", "jwks-cache");
  private static final Set<String> BUNDLE_KEYS = Set.of("name", "signing-key", "alg", "keyid", "scope");

  private final Path home;
  private final Map<String, JsonNode> values = new LinkedHashMap<>();
  private final Map<String, String> origin = new LinkedHashMap<>();

  private ServerSettings(Path home) {
    this.home = home;
  }

  /** The settings of {@code home}'s gavel.yaml overlaid with {@code flags} (flag name without dashes to text). */
  public static ServerConfig resolve(Path home, Map<String, String> flags) throws ConfigurationException {
    return resolve(home, GavelConfig.serveSection(home), flags);
  }

  /** Where the token store is: {@code serve.tokens-file} of gavel.yaml, else $GAVEL_HOME/tokens.json. */
  public static Path tokensFile(Path home) throws ConfigurationException {
    JsonNode section = GavelConfig.serveSection(home);
    JsonNode f = section == null ? null : section.get("tokens-file");
    if (f != null && !f.isTextual()) {
      throw new ConfigurationException("gavel serve: gavel.yaml serve.tokens-file must be a path but got " + f);
    }
    return f == null ? home.resolve("tokens.json") : home.resolve(f.asText());
  }

  /** The settings of a serve mapping ({@code section}, may be null) overlaid with {@code flags}. */
  public static ServerConfig resolve(Path home, JsonNode section, Map<String, String> flags) throws ConfigurationException {
    ServerSettings s = new ServerSettings(home);
    if (section != null) {
      var it = section.fields();
      while (it.hasNext()) {
        var e = it.next();
        if (!KEYS.contains(e.getKey())) {
          throw new ConfigurationException("gavel.yaml: unknown key serve." + e.getKey() + " (known: "
              + String.join(", ", new TreeSet<>(KEYS)) + ")");
        }
        s.values.put(e.getKey(), e.getValue());
        s.origin.put(e.getKey(), "gavel.yaml serve." + e.getKey());
      }
    }
    for (Map.Entry<String, String> f : flags.entrySet()) {
      if (!KEYS.contains(f.getKey())) {
        throw new IllegalArgumentException("not a serve setting: " + f.getKey());
      }
      s.values.put(f.getKey(), JsonNodeFactory.instance.textNode(f.getValue()));
      s.origin.put(f.getKey(), "--" + f.getKey());
    }
    try {
      return s.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("gavel serve: " + e.getMessage(), e);
    }
  }

  private ServerConfig build() throws ConfigurationException {
    String listen = text("listen", DEFAULT_LISTEN);
    int colon = listen.lastIndexOf(':');
    if (colon < 1) {
      throw bad("listen", "HOST:PORT such as 127.0.0.1:8443 or [::1]:8443", listen);
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw bad("listen", "HOST:PORT with a port of 0..65535", listen);
    }
    if (port < 0 || port > 65535) {
      throw bad("listen", "HOST:PORT with a port of 0..65535", listen);
    }
    String auth = text("client-auth", "required");
    ServerConfig.ClientAuth clientAuth = switch (auth) {
      case "required" -> ServerConfig.ClientAuth.REQUIRED;
      case "optional" -> ServerConfig.ClientAuth.OPTIONAL;
      default -> throw bad("client-auth", "required or optional", auth);
    };
    ServerConfig.Limits d = ServerConfig.Limits.DEFAULT;
    ServerConfig.Limits limits = new ServerConfig.Limits(size("max-body", d.maxBodyBytes()), integer("max-json-depth", d.maxJsonDepth()),
        integer("max-artifacts", d.maxArtifacts()), integer("max-scans", d.maxScans()), integer("workers", d.workers()),
        integer("queue", d.queue()), duration("queue-timeout", d.queueTimeout()));
    double rate = number("rate-limit", ServerConfig.RateLimit.DEFAULT.perSecond());
    int burst = integer("rate-burst", rate == 0 ? 0 : Math.max(1, (int) Math.ceil(rate * 2)));
    return new ServerConfig(host, port, path("tls-cert"), path("tls-key"), path("client-ca"), clientAuth,
        bool("plaintext"), bool("allow-remote-plaintext"), limits, new ServerConfig.RateLimit(rate, rate == 0 ? 0 : burst),
        path("tokens-file") == null ? home.resolve("tokens.json") : path("tokens-file"), oidc(), identities(),
        text("access-log", "-"), duration("shutdown-grace", Duration.ofSeconds(30)), bundle(),
        AlertSettings.parse(home, values.get("alerts")));
  }

  private ServerConfig.BundleServing bundle() throws ConfigurationException {
    JsonNode b = values.get("bundle");
    if (b == null || b.isNull()) {
      return ServerConfig.BundleServing.DEFAULT;
    }
    if (!b.isObject()) {
      throw bad("bundle", "a mapping with name and optionally signing-key, alg, keyid and scope", b.toString());
    }
    var it = b.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!BUNDLE_KEYS.contains(e.getKey())) {
        throw new ConfigurationException("gavel.yaml: unknown key serve.bundle." + e.getKey() + " (known: "
            + String.join(", ", new TreeSet<>(BUNDLE_KEYS)) + ")");
      }
      if (!e.getValue().isTextual()) {
        throw bad("bundle." + e.getKey(), "a string", e.getValue().toString());
      }
    }
    String key = b.path("signing-key").asText(null);
    return new ServerConfig.BundleServing(b.path("name").asText("gavel"), key == null ? null : home.resolve(key),
        b.path("alg").asText(null), b.path("keyid").asText(null), b.path("scope").asText(null));
  }

  private OidcSettings oidc() throws ConfigurationException {
    JsonNode o = values.get("oidc");
    if (o == null || o.isNull()) {
      return null;
    }
    if (!o.isObject()) {
      throw bad("oidc", "a mapping with issuer, audience and jwks", o.toString());
    }
    var it = o.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!OIDC_KEYS.contains(k)) {
        throw new ConfigurationException("gavel.yaml: unknown key serve.oidc." + k + " (known: " + String.join(", ",
            new TreeSet<>(OIDC_KEYS)) + ")");
      }
    }
    Map<String, Role> roles = new LinkedHashMap<>();
    JsonNode r = o.path("roles");
    if (!r.isMissingNode()) {
      if (!r.isObject()) {
        throw bad("oidc.roles", "a mapping of claim values to roles", r.toString());
      }
      var rs = r.fields();
      while (rs.hasNext()) {
        var e = rs.next();
        roles.put(e.getKey(), Role.require(e.getValue().asText()));
      }
    }
    List<String> algs = new ArrayList<>();
    o.path("algorithms").forEach(a -> algs.add(a.asText()));
    String jwks = o.path("jwks").asText(null);
    if (jwks != null && !jwks.startsWith("https://") && !jwks.startsWith("http://")) {
      jwks = home.resolve(jwks).toString();
    }
    return new OidcSettings(o.path("issuer").asText(null), o.path("audience").asText(null), jwks,
        o.path("role-claim").asText(null), o.path("identity-claim").asText(null), roles, algs,
        o.has("clock-skew") ? Durations.parse(o.get("clock-skew").asText()) : null,
        o.has("jwks-cache") ? Durations.parse(o.get("jwks-cache").asText()) : null);
  }

  private List<CertificateIdentity> identities() throws ConfigurationException {
    JsonNode l = values.get("client-identities");
    List<CertificateIdentity> out = new ArrayList<>();
    if (l == null || l.isNull()) {
      return out;
    }
    if (!l.isArray()) {
      throw bad("client-identities", "a list of {subject|san, role, identity?}", l.toString());
    }
    int i = 0;
    for (JsonNode e : l) {
      String where = "client-identities[" + i++ + "]";
      if (!e.isObject() || e.has("subject") == e.has("san") || !e.path("role").isTextual()) {
        throw bad(where, "{subject: DN, role: R} or {san: NAME, role: R} (identity optional)", e.toString());
      }
      var fields = e.fieldNames();
      while (fields.hasNext()) {
        String k = fields.next();
        if (!Set.of("subject", "san", "role", "identity").contains(k)) {
          throw bad(where, "only subject, san, role and identity", k);
        }
      }
      boolean subject = e.has("subject");
      out.add(new CertificateIdentity(subject ? CertificateIdentity.Match.SUBJECT : CertificateIdentity.Match.SAN,
          e.path(subject ? "subject" : "san").asText(), Role.require(e.get("role").asText()), e.path("identity").asText(null)));
    }
    return out;
  }

  private String text(String key, String dflt) throws ConfigurationException {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw bad(key, "a string", v.toString());
    }
    return v.asText();
  }

  /** A path: relative to $GAVEL_HOME in gavel.yaml, to the working directory on the command line. */
  private Path path(String key) throws ConfigurationException {
    String t = text(key, null);
    if (t == null) {
      return null;
    }
    return origin.getOrDefault(key, "").startsWith("--") ? Path.of(t).toAbsolutePath() : home.resolve(t);
  }

  private boolean bool(String key) throws ConfigurationException {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
      return Boolean.parseBoolean(v.asText());
    }
    throw bad(key, "true or false", v.toString());
  }

  private int integer(String key, int dflt) throws ConfigurationException {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    try {
      long n = v.isIntegralNumber() ? v.asLong() : Long.parseLong(v.asText().strip());
      if (n < 0 || n > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw bad(key, "a whole number", v.toString());
    }
  }

  private double number(String key, double dflt) throws ConfigurationException {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    try {
      double n = v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText().strip());
      if (!(n >= 0) || Double.isInfinite(n)) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw bad(key, "a number of requests per second (0: no limit)", v.toString());
    }
  }

  private int size(String key, int dflt) throws ConfigurationException {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    Matcher m = SIZE.matcher(v.asText().strip());
    if (!m.matches()) {
      throw bad(key, "a size in bytes such as 1048576, 512KiB or 4MiB", v.toString());
    }
    long n = Long.parseLong(m.group(1)) * switch (m.group(2)) {
      case "KiB" -> 1024L;
      case "MiB" -> 1024L * 1024;
      case "GiB" -> 1024L * 1024 * 1024;
      default -> 1L;
    };
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw bad(key, "a size of 1 byte to 2GiB", v.toString());
    }
    return (int) n;
  }

  private Duration duration(String key, Duration dflt) throws ConfigurationException {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    try {
      return Durations.parse(v.asText());
    } catch (IllegalArgumentException e) {
      throw bad(key, "a duration such as 250ms, 10s or 5m", v.toString());
    }
  }

  private ConfigurationException bad(String key, String expected, String got) {
    String root = key.contains("[") ? key.substring(0, key.indexOf('[')) : key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
    String where = origin.getOrDefault(root, "serve." + key);
    if (where.startsWith("gavel.yaml")) {
      where = "gavel.yaml serve." + key;
    }
    return new ConfigurationException("gavel serve: " + where + " must be " + expected + " but got " + got);
  }

  /** The non-secret settings as JSON, for the server-start ledger entry and its configuration digest. */
  public static ObjectNode describe(ServerConfig c) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("listen", c.host() + ":" + c.port());
    o.put("tls", c.tls());
    o.put("clientCertificates", c.clientCa() == null ? "off" : c.clientAuth().name().toLowerCase());
    o.put("allowRemotePlaintext", c.allowRemotePlaintext());
    ObjectNode l = o.putObject("limits");
    l.put("maxBody", c.limits().maxBodyBytes());
    l.put("maxJsonDepth", c.limits().maxJsonDepth());
    l.put("maxArtifacts", c.limits().maxArtifacts());
    l.put("maxScans", c.limits().maxScans());
    l.put("workers", c.limits().workers());
    l.put("queue", c.limits().queue());
    l.put("queueTimeout", c.limits().queueTimeout().toString());
    o.put("rateLimit", Double.toString(c.rateLimit().perSecond()));
    o.put("rateBurst", c.rateLimit().burst());
    ObjectNode a = o.putObject("authentication");
    a.put("tokens", true);
    if (c.oidc() != null) {
      a.putObject("oidc").put("issuer", c.oidc().issuer()).put("audience", c.oidc().audience())
          .put("roleClaim", c.oidc().roleClaim()).put("identityClaim", c.oidc().identityClaim());
    }
    ObjectNode bundle = o.putObject("bundle").put("name", c.bundles().name()).put("signed", c.bundles().signingKey() != null);
    if (c.bundles().keyId() != null) {
      bundle.put("keyid", c.bundles().keyId());
    }
    ObjectNode alerts = o.putObject("alerts");
    var rules = alerts.putArray("rules");
    var r = c.alerts().rules();
    for (Object[] rule : new Object[][] {{"deny-spike", r.denySpike()}, {"allow-after-denials", r.allowAfterDenials()},
        {"change-window", r.changeWindow()}, {"new-board-member", r.newBoardMember()}, {"token-burst", r.tokenBurst()},
        {"auth-failures", r.authFailures()}, {"ledger", r.ledger()}}) {
      if (rule[1] != null) {
        rules.add(rule[0] + " " + rule[1]);
      }
    }
    // Webhook hosts only: a URL's path or query may carry a receiver's secret.
    var hooks = alerts.putArray("webhooks");
    c.alerts().webhooks().forEach(u -> hooks.add(u.getScheme() + "://" + u.getAuthority()));
    var ids = a.putArray("clientIdentities");
    for (CertificateIdentity i : c.certificateIdentities()) {
      ids.addObject().put(i.match().name().toLowerCase(), i.value()).put("role", i.role().wire()).put("identity", i.identity());
    }
    return o;
  }
}
