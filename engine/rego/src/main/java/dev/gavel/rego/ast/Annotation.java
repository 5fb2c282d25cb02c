package dev.gavel.rego.ast;

import dev.gavel.rego.Location;
import dev.gavel.rego.value.Value;

/**
 * A parsed {@code # METADATA} block. {@code scope} is the YAML {@code scope} field or the default
 * for its position; {@code fields} is the whole YAML document as a Rego object.
 */
public record Annotation(String scope, Value fields, Location location) {}
