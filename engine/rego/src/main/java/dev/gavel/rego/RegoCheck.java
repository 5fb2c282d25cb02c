package dev.gavel.rego;

import dev.gavel.rego.ast.Module;
import dev.gavel.rego.builtins.StandardBuiltins;
import dev.gavel.rego.compile.Compiler;
import dev.gavel.rego.compile.InputSchemaCheck;
import dev.gavel.rego.compile.ModuleChecks;
import dev.gavel.rego.syntax.RegoParser;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The checker's facade, as {@code opa check} (OPA v1) checks modules, for tools outside the engine
 * ({@code gavel policy check}): every module is parsed; when all parse, they are compiled together
 * and given the checks OPA v1 makes beyond compiling (imports binding a name twice, variables and
 * rules named {@code input} or {@code data}, unused {@code some}/{@code every} declarations);
 * strict mode adds OPA's strict-mode errors (unused imports, {@code :=} assignments and function
 * arguments). The evaluation path ({@link Rego.Builder#build()}) does not make these extra checks.
 */
public final class RegoCheck {
  private RegoCheck() {}

  /**
   * Every error of the modules, sorted by file, line, column and message, each with its source
   * line; empty when they are clean.
   *
   * @param sources module sources by the file name used in error locations (in load order)
   * @param strict whether to add OPA's strict-mode errors
   */
  public static List<RegoError> check(Map<String, String> sources, boolean strict) {
    return check(sources, strict, null);
  }

  /**
   * As {@link #check(Map, boolean)}, and, when the modules compile, references to {@code input}
   * checked against {@code inputSchema} (a JSON Schema) as OPA's {@code opa check --schema} does,
   * for the subset {@link InputSchemaCheck} describes.
   *
   * @param inputSchema the schema of input, or null for none
   * @throws IllegalArgumentException when the schema is not a JSON object
   */
  public static List<RegoError> check(Map<String, String> sources, boolean strict, Value inputSchema) {
    return check(sources, strict, inputSchema, Map.of());
  }

  /**
   * As {@link #check(Map, boolean, Value)}, with the schemas METADATA {@code schemas} entries may
   * name: {@code schema.x.y} is {@code named.get("x.y")}. Inline schemas in METADATA are used with
   * or without any of these, as OPA uses them.
   */
  public static List<RegoError> check(Map<String, String> sources, boolean strict, Value inputSchema, Map<String, Value> named) {
    Objects.requireNonNull(sources, "sources");
    Objects.requireNonNull(named, "named");
    if (inputSchema != null && !(inputSchema instanceof dev.gavel.rego.value.ObjectValue)) {
      throw new IllegalArgumentException("an input schema must be a JSON object but got " + inputSchema.typeName());
    }
    List<RegoError> errors = new ArrayList<>();
    List<Module> modules = new ArrayList<>();
    for (Map.Entry<String, String> s : sources.entrySet()) {
      Objects.requireNonNull(s.getValue(), "source of " + s.getKey());
      try {
        modules.add(RegoParser.parseModule(s.getKey(), s.getValue()));
      } catch (RegoException e) {
        errors.addAll(e.errors());
      }
    }
    if (errors.isEmpty()) {
      try {
        Compiler.compile(modules, StandardBuiltins.registry());
        // OPA type-checks after everything else compiled
        for (Module m : modules) {
          errors.addAll(InputSchemaCheck.check(m, inputSchema, named));
        }
      } catch (RegoException e) {
        errors.addAll(e.errors());
      }
      List<RegoError> checks = new ArrayList<>();
      // a `some x` never used is reported as OPA does, as unused (or not at all), not as unsafe
      Set<String> unusedDeclared = new HashSet<>();
      for (Module m : modules) {
        ModuleChecks.Findings f = ModuleChecks.check(m, strict);
        checks.addAll(f.errors());
        f.unusedSome().forEach(name -> unusedDeclared.add(m.file() + "\0var " + name + " is unsafe"));
      }
      if (checks.stream().anyMatch(ModuleChecks::stopsEarly)) {
        return sorted(checks.stream().filter(ModuleChecks::stopsEarly).toList(), sources);
      }
      // OPA's compiler stops before its safety checks when a function is undefined
      boolean undefinedFunction = errors.stream()
          .anyMatch(e -> e.code().equals(RegoError.TYPE) && e.message().startsWith("undefined function "));
      errors.removeIf(e -> e.code().equals(RegoError.UNSAFE_VAR) && undefinedFunction);
      errors.removeIf(e -> e.code().equals(RegoError.UNSAFE_VAR)
          && unusedDeclared.contains(e.location().file() + "\0" + e.message()));
      errors.addAll(checks);
    }
    return sorted(errors, sources);
  }

  /** One of each error, in OPA's order, with the line it points into. */
  private static List<RegoError> sorted(List<RegoError> errors, Map<String, String> sources) {
    Map<String, String[]> lines = new HashMap<>();
    Set<String> seen = new LinkedHashSet<>();
    Map<String, RegoError> unique = new LinkedHashMap<>();
    for (RegoError e : errors) {
      if (seen.add(e.headline())) {
        String line = e.sourceLine();
        String src = sources.get(e.location().file());
        if (line == null && src != null && e.location().line() > 0) {
          String[] ls = lines.computeIfAbsent(e.location().file(), f -> src.split("\n", -1));
          line = e.location().line() <= ls.length ? ls[e.location().line() - 1] : null;
        }
        unique.put(e.headline(), new RegoError(e.code(), e.location(), e.message(), line));
      }
    }
    List<RegoError> out = new ArrayList<>(unique.values());
    out.sort(Comparator.comparing((RegoError e) -> e.location().file())
        .thenComparingInt(e -> e.location().line())
        .thenComparingInt(e -> e.location().column())
        .thenComparing(RegoError::message));
    return List.copyOf(out);
  }
}
