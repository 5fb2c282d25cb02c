package dev.gavel.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.alert.Alert;

/**
 * An alert as a CloudEvents 1.0 event in the structured JSON mode (the JSON event format): the
 * required {@code specversion}, {@code id} (the alert id, so a receiver can drop a retried
 * duplicate), {@code source}, {@code type} ({@code dev.gavel.alert.<type>}), and {@code time},
 * {@code subject}, {@code datacontenttype} and {@code data} (the rule's figures). Sent with
 * {@code Content-Type: application/cloudevents+json}.
 */
final class CloudEvent {
  static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";
  static final String TYPE_PREFIX = "dev.gavel.alert.";

  private CloudEvent() {}

  static ObjectNode of(Alert a, String source) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("specversion", "1.0");
    e.put("id", a.alertId());
    e.put("source", source);
    e.put("type", TYPE_PREFIX + a.type());
    e.put("time", a.at());
    e.put("subject", a.subject());
    e.put("datacontenttype", "application/json");
    e.set("data", a.data());
    return e;
  }
}
