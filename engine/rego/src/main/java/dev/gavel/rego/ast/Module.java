package dev.gavel.rego.ast;

import dev.gavel.rego.Location;
import java.util.List;

/**
 * A parsed source file. {@code packagePath} is the package ref ({@code data.a.b} for
 * {@code package a.b}), {@code source} the original text (kept for error carets and coverage).
 */
public record Module(
    String file,
    Term.Ref packagePath,
    Location packageLocation,
    List<Import> imports,
    List<Rule> rules,
    List<Annotation> annotations,
    String source) {

  public Module {
    imports = List.copyOf(imports);
    rules = List.copyOf(rules);
    annotations = List.copyOf(annotations);
  }
}
