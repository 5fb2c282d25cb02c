package dev.gavel.core.port;

import java.util.Objects;

/** Hide one field of the stored decision: {@code remove} it or replace it by its {@code digest}. */
public record MaskOperation(String op, String path) {
  public MaskOperation {
    Objects.requireNonNull(path, "path");
    if (!op.equals("remove") && !op.equals("digest")) {
      throw new IllegalArgumentException("mask op must be remove or digest but got " + op);
    }
    if (!path.startsWith("/input/") && !path.startsWith("/verified/") && !path.equals("/verified")) {
      throw new IllegalArgumentException("mask path must start with /input/ or /verified but got " + path);
    }
  }
}
