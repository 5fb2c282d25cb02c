package dev.gavel.bundles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.TerminalText;
import dev.gavel.json.Json;
import dev.gavel.rego.ModuleOutline;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.Base64;
import java.util.Objects;

/**
 * What {@code gavel bundle inspect} shows, like {@code opa inspect}: the manifest, every file with
 * its size and OPA hash, the signature's status (verified when a key is given, else what it claims,
 * unverified), and the packages and rules with their METADATA annotations. Every value taken from
 * the bundle is escaped for the terminal, since a bundle is untrusted input.
 */
public final class BundleInspection {
  private final String text;

  private BundleInspection(String text) {
    this.text = text;
  }

  /** Describes {@code archive} (named {@code name}); {@code config} null to leave the signature unverified. */
  public static BundleInspection of(String name, BundleArchive archive, VerificationConfig config) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(archive, "archive");
    StringBuilder sb = new StringBuilder();
    line(sb, "bundle", esc(name));
    line(sb, "digest", archive.digest());
    BundleContents contents = null;
    String refusal = null;
    try {
      contents = BundleContents.of(archive);
    } catch (BundleException e) {
      refusal = e.getMessage();
    }
    Manifest m = null;
    try {
      m = archive.file(BundleArchive.MANIFEST).isPresent() ? Manifest.parse(archive.file(BundleArchive.MANIFEST).get().bytes())
          : Manifest.NONE;
    } catch (BundleException e) {
      line(sb, "manifest", "unreadable: " + esc(e.getMessage()));
    }
    if (m != null) {
      line(sb, "revision", m.revision().isEmpty() ? "(none)" : esc(m.revision()));
      line(sb, "roots", esc(BundleRoots.show(m.roots())) + (m.declaredRoots().isEmpty() ? " (default)" : ""));
      line(sb, "rego", m.regoVersion().map(v -> "rego_version " + v).orElse("rego_version not set (Rego v1)"));
      if (m.metadata() != null) {
        line(sb, "metadata", esc(m.metadata().toString()));
      }
    }
    line(sb, "signature", signature(archive, config));
    sb.append("files (").append(archive.files().size()).append(")\n");
    for (BundleArchive.File f : archive.files()) {
      String hash;
      try {
        hash = "sha256 " + OpaHash.hex(f.path(), f.bytes(), OpaHash.DEFAULT) + (OpaHash.structured(f.path()) ? " (canonical JSON)" : "");
      } catch (BundleException e) {
        hash = "unhashable: " + esc(e.getMessage());
      }
      sb.append(String.format("  %-40s %10d B  %s%n", esc(f.path()), f.bytes().length, hash));
    }
    if (refusal != null) {
      line(sb, "contents", "REFUSED (OPA would not load it either): " + esc(refusal));
      return new BundleInspection(sb.toString());
    }
    line(sb, "contents", contents.modules().size() + " modules, data at " + dataKeys(contents));
    sb.append("packages\n");
    for (BundleContents.Module mod : contents.modules()) {
      ModuleOutline o = mod.outline();
      sb.append("  data.").append(esc(String.join(".", o.packagePath()))).append("  ").append(esc(mod.path())).append('\n');
      o.annotations().forEach(a -> annotation(sb, a));
    }
    sb.append("rules\n");
    for (BundleContents.Module mod : contents.modules()) {
      for (ModuleOutline.RuleOutline r : mod.outline().rules()) {
        sb.append("  ").append(esc(r.path())).append(r.isDefault() ? " (default)" : "")
            .append(r.kind().equals("rule") ? "" : " (" + r.kind() + ")").append("  ").append(esc(r.location().toString())).append('\n');
        r.annotations().forEach(a -> annotation(sb, a));
      }
    }
    return new BundleInspection(sb.toString());
  }

  private static String dataKeys(BundleContents c) {
    var names = new java.util.ArrayList<String>();
    c.data().fieldNames().forEachRemaining(names::add);
    return names.isEmpty() ? "(none)" : esc("data." + String.join(", data.", names));
  }

  private static void annotation(StringBuilder sb, ModuleOutline.AnnotationBlock a) {
    sb.append("      METADATA (scope ").append(esc(a.scope())).append(", ").append(esc(a.location().toString())).append(")\n");
    if (a.fields() instanceof ObjectValue o) {
      for (Value k : o.keys()) {
        String key = k instanceof StringValue s ? s.value() : k.toString();
        if (key.equals("scope")) {
          continue;
        }
        Value v = o.get(k);
        String shown = v instanceof StringValue s ? s.value() : JsonValues.toJson(v).toString();
        sb.append("        ").append(esc(key)).append(": ").append(esc(shown)).append('\n');
      }
    }
  }

  private static String signature(BundleArchive archive, VerificationConfig config) {
    var sig = archive.file(BundleArchive.SIGNATURES);
    if (sig.isEmpty()) {
      return "unsigned (no /.signatures.json)";
    }
    if (config != null) {
      try {
        BundleVerifier.Verified v = BundleVerifier.verify(archive, config);
        return "VERIFIED " + v.algorithm() + ", key " + esc(v.keyId()) + ", scope "
            + (v.scope() == null || v.scope().isEmpty() ? "(none)" : esc(v.scope())) + ", " + v.files().size() + " files";
      } catch (BundleException e) {
        return "INVALID: " + esc(e.getMessage());
      }
    }
    try {
      JsonNode n = Json.read(sig.get().bytes());
      JsonNode tokens = n.path("signatures");
      if (!tokens.isArray() || tokens.size() != 1) {
        return "signed, malformed: " + tokens.size() + " tokens (exactly one expected)";
      }
      String[] parts = tokens.get(0).asText().split("\\.", -1);
      JsonNode header = Json.read(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode payload = Json.read(Base64.getUrlDecoder().decode(parts[1]));
      return "signed, NOT VERIFIED (no key given): alg " + esc(header.path("alg").asText("?"))
          + (header.has("kid") ? ", kid " + esc(header.get("kid").asText()) : "")
          + (payload.has("keyid") ? ", keyid " + esc(payload.get("keyid").asText()) : "")
          + (payload.has("scope") ? ", scope " + esc(payload.get("scope").asText()) : "")
          + ", " + payload.path("files").size() + " files listed";
    } catch (Json.ParseException | RuntimeException e) {
      return "signed, malformed: " + esc(String.valueOf(e.getMessage()));
    }
  }

  private static void line(StringBuilder sb, String label, String value) {
    sb.append(String.format("%-10s %s%n", label, value));
  }

  private static String esc(String s) {
    return TerminalText.escape(s);
  }

  public String text() {
    return text;
  }
}
