package dev.gavel.cli;

import dev.gavel.bundles.PolicyFiles;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.rego.RegoCheck;
import dev.gavel.rego.RegoError;
import dev.gavel.json.Json;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.Value;
import dev.gavel.runtime.Gavel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gavel policy check}: parse and compile every module of a policy as {@code opa check}
 * (OPA v1) does and report every error, with OPA's strict-mode errors under --strict.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Parse and compile Rego like `opa check` (OPA v1) and report every error as file:line:col: code: message.",
        "--strict adds OPA's strict-mode errors: unused imports, unused := assignments, unused function arguments.",
        "--schema FILE checks references to input against a JSON Schema (rego_type_error: undefined ref).",
        "Checks the files or directories named, else the configured policy (--policies, --policy-repo, --bundle).",
        "Exit codes: 0 no errors, 2 errors (or the policy cannot be read)."})
final class PolicyCheckCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "Rego files, or directories searched for *.rego (default: the configured policy).")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--strict", description = "Also report OPA's strict-mode errors.")
  boolean strict;

  @Option(names = "--schema", paramLabel = "FILE|DIR",
      description = {"A JSON Schema file of input: references to input properties it does not declare are rego_type_error: undefined ref (the subset README describes).",
          "Or a directory of *.json schemas that METADATA `schemas` entries name as schema.<path.without.json> (as opa check --schema DIR)."})
  Path schema;

  @Mixin
  SharedOptions.Home home;

  @Mixin
  SharedOptions.Policies policies;

  @Mixin
  SharedOptions.Bundle bundle;

  PolicyCheckCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    PolicySnapshot snapshot;
    Value inputSchema = null;
    Map<String, Value> named = new LinkedHashMap<>();
    try {
      if (schema != null && Files.isDirectory(schema)) {
        named = readSchemas(schema);
      } else if (schema != null) {
        inputSchema = readSchema(schema);
      }
      snapshot = paths.isEmpty() ? configured() : PolicyFiles.load(paths, List.of(), PolicyFiles.Naming.AS_GIVEN);
    } catch (Exception e) {
      return Failures.report(io, "policy check", e, ExitCode.BAD_INPUT);
    }
    Map<String, String> sources = new LinkedHashMap<>();
    for (PolicySnapshot.Module m : snapshot.modules()) {
      sources.put(m.path(), m.text());
    }
    List<RegoError> errors = RegoCheck.check(sources, strict, inputSchema, named);
    if (errors.isEmpty()) {
      io.out().println(sources.size() + (sources.size() == 1 ? " module" : " modules") + " checked"
          + (strict ? " (strict)" : "") + ": no errors");
      return ExitCode.OK;
    }
    for (RegoError e : errors) {
      io.err().println(e.render());
    }
    io.err().println("gavel policy check: " + errors.size() + (errors.size() == 1 ? " error" : " errors")
        + " in " + sources.size() + (sources.size() == 1 ? " module" : " modules"));
    return ExitCode.BAD_INPUT;
  }

  /** Every *.json under {@code dir}, by its path without .json and with dots for separators. */
  private static Map<String, Value> readSchemas(Path dir) throws UserError {
    Map<String, Value> out = new LinkedHashMap<>();
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".json")).sorted().toList()) {
        String rel = dir.relativize(f).toString();
        out.put(rel.substring(0, rel.length() - ".json".length()).replace(f.getFileSystem().getSeparator(), "."), readSchema(f));
      }
    } catch (IOException e) {
      throw new UserError("cannot read " + dir + ": " + e.getMessage());
    }
    return out;
  }

  private static Value readSchema(Path file) throws UserError {
    try {
      Value v = JsonValues.fromJson(Json.read(Files.readAllBytes(file)));
      if (!(v instanceof ObjectValue)) {
        throw new UserError(file + ": a JSON Schema must be an object but got " + v.typeName());
      }
      return v;
    } catch (Json.ParseException e) {
      throw new UserError(file + ": not a JSON Schema: " + e.getMessage());
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The policy the policy source flags (or gavel.yaml, or the environment) configure. */
  private PolicySnapshot configured() throws Exception {
    try (Gavel gavel = home.runtime(io, policies, List.of(), new SharedOptions.Evaluator(), bundle)) {
      return gavel.policySource().active();
    }
  }
}
