package dev.gavel.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.json.Json;
import dev.gavel.runtime.ConfigurationException;
import java.net.URI;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code serve.alerts} of gavel.yaml: every setting read, every bad one refused naming its key; nothing starts on a bad value. */
class AlertSettingsTest {
  static final Path HOME = Path.of("/srv/gavel");

  static AlertConfig read(String alerts) throws Exception {
    return ServerSettings.resolve(HOME, Json.read("{\"alerts\": " + alerts + "}"), Map.of("plaintext", "true")).alerts();
  }

  @Test
  void everySettingIsRead() throws Exception {
    AlertConfig c = read("""
        {"webhooks": [{"url": "https://hooks.example/gavel"}], "source": "urn:gavel:prod-eu", "retries": 3, "backoff": "2s",
         "max-backoff": "30s", "timeout": "5s", "queue": 50, "dead-letter": "dead.jsonl",
         "deny-spike": {"window": "15m", "baseline": "48h", "min-decisions": 20, "min-rate": 0.4, "factor": 2.5, "cooldown": "1h"},
         "allow-after-denials": {"window": "2h", "denials": 4},
         "change-window": {"zone": "Europe/Berlin", "days": ["mon", "tue"], "from": "08:30", "to": "16:00",
                           "environments": ["production", "eu-prod"]},
         "new-board-member": {"within": "72h"}, "token-burst": {"window": "10s", "requests": 100},
         "auth-failures": {"failures": 5}, "ledger": {"interval": "1m", "verify": false, "max-checkpoint-age": "2m"}}
        """);
    assertThat(c.webhooks()).containsExactly(URI.create("https://hooks.example/gavel"));
    assertThat(c.source()).isEqualTo("urn:gavel:prod-eu");
    assertThat(c.retries()).isEqualTo(3);
    assertThat(c.delayBefore(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.delayBefore(3)).isEqualTo(Duration.ofSeconds(8));
    assertThat(c.delayBefore(9)).as("capped at max-backoff").isEqualTo(Duration.ofSeconds(30));
    assertThat(c.deadLetter()).isEqualTo(HOME.resolve("dead.jsonl"));
    var r = c.rules();
    assertThat(r.denySpike().baseline()).isEqualTo(Duration.ofHours(48));
    assertThat(r.denySpike().factor()).isEqualTo(2.5);
    assertThat(r.allowAfterDenials().cooldown()).as("cooldown defaults to the window").isEqualTo(Duration.ofHours(2));
    assertThat(r.changeWindow().days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY);
    assertThat(r.changeWindow().from()).isEqualTo(LocalTime.of(8, 30));
    assertThat(r.changeWindow().environments()).containsExactlyInAnyOrder("production", "eu-prod");
    assertThat(r.newBoardMember().within()).isEqualTo(Duration.ofHours(72));
    assertThat(r.tokenBurst().count()).isEqualTo(100);
    assertThat(r.authFailures().window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(r.ledger().verify()).isFalse();
  }

  @Test
  void aRuleIsOnOnlyWhenNamedAndTakesItsDefaults() throws Exception {
    AlertConfig c = read("{\"deny-spike\": {}, \"token-burst\": true, \"auth-failures\": false}");
    assertThat(c.rules().denySpike().minDecisions()).isEqualTo(10);
    assertThat(c.rules().tokenBurst().count()).isEqualTo(600);
    assertThat(c.rules().authFailures()).isNull();
    assertThat(c.rules().changeWindow()).isNull();
    assertThat(ServerSettings.resolve(HOME, null, Map.of("plaintext", "true")).alerts().rules().any()).isFalse();
    assertThat(ServerSettings.describe(ServerSettings.resolve(HOME, Json.read(
        "{\"alerts\": {\"webhooks\": [{\"url\": \"https://hooks.example/t/SECRET?k=SECRET\"}]}}"), Map.of("plaintext", "true")))
        .path("alerts").toString()).as("the server.started entry names webhook hosts, never paths that may hold secrets")
        .contains("https://hooks.example").doesNotContain("SECRET");
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("{\"nope\": 1}", "unknown key serve.alerts.nope"),
        Arguments.of("{\"deny-spike\": {\"windw\": \"1m\"}}", "unknown key serve.alerts.deny-spike.windw"),
        Arguments.of("{\"deny-spike\": {\"min-rate\": 2}}", "serve.alerts.deny-spike.min-rate must be a fraction"),
        Arguments.of("{\"deny-spike\": {\"min-rate\": \"half\"}}", "serve.alerts.deny-spike.min-rate must be a number"),
        Arguments.of("{\"deny-spike\": {\"window\": \"soon\"}}", "serve.alerts.deny-spike.window must be a duration"),
        Arguments.of("{\"deny-spike\": 3}", "serve.alerts.deny-spike must be a mapping"),
        Arguments.of("{\"allow-after-denials\": {\"denials\": 0}}", "serve.alerts.allow-after-denials.denials must be at least 1"),
        Arguments.of("{\"change-window\": {\"days\": [\"someday\"]}}", "serve.alerts.change-window.days must be a list of mon"),
        Arguments.of("{\"change-window\": {\"zone\": \"Mars/Olympus\"}}", "serve.alerts.change-window.zone must be a time zone"),
        Arguments.of("{\"change-window\": {\"from\": \"18:00\"}}", "serve.alerts.change-window.from must be before"),
        Arguments.of("{\"change-window\": {\"to\": \"25:00\"}}", "serve.alerts.change-window.to must be a local time"),
        Arguments.of("{\"token-burst\": {\"requests\": -1}}", "serve.alerts.token-burst.requests must be a whole number"),
        Arguments.of("{\"ledger\": {\"verify\": \"yes\"}}", "serve.alerts.ledger.verify must be true or false"),
        Arguments.of("{\"webhooks\": \"https://x\"}", "serve.alerts.webhooks must be a list"),
        Arguments.of("{\"webhooks\": [{\"url\": \"ftp://x/y\"}]}", "serve.alerts.webhooks: ftp://x/y is not an http(s) URL"),
        Arguments.of("{\"webhooks\": [{\"uri\": \"https://x\"}]}", "unknown key serve.alerts.webhooks[0].uri"),
        Arguments.of("{\"retries\": 1000}", "serve.alerts.retries must be 0..100"),
        Arguments.of("{\"queue\": 0}", "serve.alerts.queue must be at least 1"),
        Arguments.of("{\"backoff\": \"1m\", \"max-backoff\": \"1s\"}", "serve.alerts.backoff must be >= 0 and alerts.max-backoff"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("bad")
  void aBadSettingIsRefusedNamingItsKey(String alerts, String message) {
    assertThatThrownBy(() -> read(alerts)).isInstanceOf(ConfigurationException.class).hasMessageContaining(message);
  }
}
