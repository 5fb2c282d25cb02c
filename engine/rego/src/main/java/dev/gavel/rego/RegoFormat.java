package dev.gavel.rego;

import dev.gavel.rego.syntax.RegoFormatter;

/**
 * The formatter's facade: Rego source in OPA's canonical style ({@code opa fmt}), for tools outside
 * the engine ({@code gavel policy fmt}).
 */
public final class RegoFormat {
  private RegoFormat() {}

  /**
   * The formatted text of {@code source}; formatting it again gives it back unchanged.
   *
   * @param file the name used in error locations
   * @throws RegoException rego_parse_error (with file:line:col) when the module does not parse
   */
  public static String format(String file, String source) {
    return RegoFormatter.format(file, source);
  }
}
