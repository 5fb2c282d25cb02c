package dev.gavel.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gavel.json.Json;
import dev.gavel.ledger.NoteKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * {@code pkcs11} custody: the key lives in a PKCS#11 token ({@link Pkcs11Token}); {@code
 * keys/ledger.pkcs11} only names it ({@code {label, verifierKey}}), so a token key swapped under the
 * same label is refused instead of signing for the ledger.
 */
final class TokenKeyFile implements Custodian {
  private final CustodySettings.Pkcs11 settings;
  private Pkcs11Token token;

  TokenKeyFile(CustodySettings.Pkcs11 settings) {
    this.settings = settings;
  }

  @Override
  public CustodySettings.Kind kind() {
    return CustodySettings.Kind.PKCS11;
  }

  @Override
  public String fileName() {
    return "ledger.pkcs11";
  }

  private synchronized Pkcs11Token token() throws ConfigurationException {
    if (settings == null) {
      throw new ConfigurationException("the key is held in a PKCS#11 token but gavel.yaml has no key-custody.pkcs11 "
          + "(library, slot or slot-index, pin-file)");
    }
    if (token == null) {
      token = Pkcs11Token.open(settings);
    }
    return token;
  }

  private static JsonNode pointer(Path f) throws ConfigurationException {
    JsonNode pointer;
    try {
      pointer = Json.read(KeyFiles.read(f));
    } catch (Json.ParseException e) {
      throw new ConfigurationException(f + " is not the JSON Gavel writes ({label, verifierKey}): " + e.located(), e);
    }
    if (!pointer.path("label").isTextual() || !pointer.path("verifierKey").isTextual()) {
      throw new ConfigurationException(f + " must name the token key: {label, verifierKey}");
    }
    return pointer;
  }

  @Override
  public String verifierKey(Path f) throws ConfigurationException {
    return pointer(f).get("verifierKey").asText();
  }

  @Override
  public NoteKey read(Path f) throws ConfigurationException {
    JsonNode pointer = pointer(f);
    NoteKey k = token().load(pointer.get("label").asText());
    if (!k.verifierKey().equals(pointer.get("verifierKey").asText())) {
      throw new ConfigurationException("the token key labelled " + pointer.get("label").asText() + " is not the key " + f
          + " names (" + pointer.get("verifierKey").asText() + "): it was replaced in the token; refusing to sign with it");
    }
    return k;
  }

  @Override
  public NoteKey create(Path f, boolean replace) throws ConfigurationException {
    byte[] r = new byte[3];
    new SecureRandom().nextBytes(r);
    String label = settings == null ? "" : settings.keyLabel() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
        .withZone(ZoneOffset.UTC).format(Instant.now()) + "-" + HexFormat.of().formatHex(r);
    NoteKey k = token().generate(label);
    try {
      KeyFiles.write(f, JsonNodeFactory.instance.objectNode().put("label", label).put("verifierKey", k.verifierKey()).toString()
          + "\n", replace);
    } catch (ConfigurationException e) {
      token().delete(label);  // another process won the race (or the file cannot be written): this key is never used
      throw e;
    }
    return k;
  }

  @Override
  public void discard(Path f) throws ConfigurationException {
    try {
      JsonNode pointer = Json.read(KeyFiles.read(f));
      if (pointer.path("label").isTextual()) {
        token().delete(pointer.get("label").asText());
      }
    } catch (Json.ParseException e) {
      // nothing readable names a token key: only the file goes
    }
    KeyFiles.delete(f);
  }
}
