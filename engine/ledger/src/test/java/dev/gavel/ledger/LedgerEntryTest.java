package dev.gavel.ledger;

import dev.gavel.json.CanonicalJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writer's spliced entry bytes equal the canonical JSON of the whole entry. */
class LedgerEntryTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"b\":1,\"a\":[true,null,1.5e300]}", "{\"\\u00e9t\\u00e9\":\"\\ud83d\\ude00 \\\"q\\\" \\n\"}",
      "{\"z\":{\"y\":{\"x\":[]}},\"index\":99,\"prevHash\":\"shadow\"}"})
  void splicedBytesEqualTheCanonicalEntry(String payloadJson) throws Exception {
    JsonNode payload = JSON.readTree(payloadJson);
    for (String type : LedgerEntry.TYPES) {
      LedgerEntry e = new LedgerEntry(42, "2026-11-30T00:00:00.123Z", type, payload, "sha256:" + "ab".repeat(32));
      assertThat(new String(LedgerEntry.canonicalBytes(42, e.timestamp(), type, CanonicalJson.canonicalize(payload), e.prevHash())))
          .isEqualTo(new String(e.canonicalBytes()));
    }
  }
}
