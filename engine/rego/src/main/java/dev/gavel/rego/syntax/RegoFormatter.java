package dev.gavel.rego.syntax;

import dev.gavel.rego.RegoException;
import java.util.Objects;

/**
 * Formats Rego source in OPA's canonical style, as {@code opa fmt} does for Rego v1: the text is
 * parsed first (a module that does not parse is refused with its parse errors), then printed from
 * what was written. Formatting a formatted module gives it back unchanged. Expressions using the
 * rego.v2 {@code and}/{@code or} keywords or negated bodies are kept as written.
 */
public final class RegoFormatter {
  private RegoFormatter() {}

  /**
   * The formatted text of {@code source}.
   *
   * @throws RegoException rego_parse_error when the module does not parse
   */
  public static String format(String file, String source) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(source, "source");
    RegoParser.parseModule(file, source);
    FormatTree.Module tree;
    try {
      tree = FormatParser.parse(file, source);
    } catch (IllegalStateException | IndexOutOfBoundsException | ClassCastException e) {
      throw FormatParser.failure(file, e);
    }
    return FormatWriter.write(tree);
  }
}
