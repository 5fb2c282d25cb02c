package dev.gavel.core.port;

import java.util.Objects;

/**
 * Hide one field of the stored decision: {@code remove} it or replace it by its {@code digest}.
 * Paths are JSON pointers into the mask rule's input {@code {input, verified, result}}: the
 * request ({@code /input/...}), the verified facts ({@code /verified...}), and the reasons and
 * warnings of the result ({@code /result/reasons/...}, {@code /result/warnings/...}). The verdict
 * itself ({@code /result/allow}) cannot be masked.
 */
public record MaskOperation(String op, String path) {
  public MaskOperation {
    Objects.requireNonNull(path, "path");
    if (!"remove".equals(op) && !"digest".equals(op)) {
      throw new IllegalArgumentException("mask op must be remove or digest but got " + op);
    }
    if (!path.startsWith("/input/") && !path.startsWith("/verified/") && !path.equals("/verified")
        && !path.startsWith("/result/reasons") && !path.startsWith("/result/warnings")) {
      throw new IllegalArgumentException("mask path must start with /input/, /verified, /result/reasons or /result/warnings but got "
          + path);
    }
  }
}
