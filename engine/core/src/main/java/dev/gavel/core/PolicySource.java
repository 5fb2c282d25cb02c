package dev.gavel.core;

import java.util.List;
import java.util.Objects;

/**
 * The policy files of one revision, already read: Rego modules by path and the data document.
 * Reading them from disk or Git is an adapter's job.
 */
public record PolicySource(List<Module> modules, com.fasterxml.jackson.databind.JsonNode data, String revision, String location) {
  public PolicySource {
    modules = List.copyOf(modules);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(revision, "revision");
  }

  /** One Rego file: its path (as shown in errors) and text. */
  public record Module(String path, String text) {}
}
