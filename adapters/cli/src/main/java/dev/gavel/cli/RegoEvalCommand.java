package dev.gavel.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.bundles.PolicyFiles;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.QueryResult;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.Rego;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gavel rego eval}: output shaped like {@code opa eval --format json}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Evaluate a Rego query; output like `opa eval --format json`.", "Exit codes: 0 ok, 2 error."})
final class RegoEvalCommand implements Callable<Integer> {
  private final Io io;

  @Option(names = {"-d", "--data"}, paramLabel = "PATH", description = "Policy or data file or directory (repeatable).")
  List<Path> data = new ArrayList<>();

  @Option(names = {"-i", "--input"}, paramLabel = "INPUT.json", description = "Input document.")
  Path input;

  @Option(names = {"-f", "--format"}, defaultValue = "json", description = "json or pretty (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--strict-builtin-errors", description = "Treat builtin errors as errors instead of undefined.")
  boolean strict;

  @Parameters(index = "0", paramLabel = "QUERY")
  String query;

  RegoEvalCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    try {
      Rego.Builder b = Rego.builder();
      if (!data.isEmpty()) {
        PolicySnapshot src = PolicyFiles.load(data, List.of(), PolicyFiles.Naming.AS_GIVEN);
        for (PolicySnapshot.Module m : src.modules()) {
          b.module(m.path(), m.text());
        }
        b.data(JsonValues.fromJson(src.data()));
      }
      Rego rego = b.build();
      Value in = null;
      if (input != null) {
        try {
          in = JsonValues.parse(Files.readString(input));
        } catch (IOException e) {
          throw new UserError(input + ": " + e.getMessage());
        }
      }
      EvalOptions opts = EvalOptions.at(Instant.now()).strict(strict).printTo(line -> io.err().println(line));
      QueryResult r = rego.evaluateExpressions(query, in, opts);
      if (format.equals("pretty")) {
        printPretty(r);
      } else {
        io.out().println(toJson(r).toPrettyString());
      }
      return ExitCode.OK;
    } catch (UserError | PolicySourceException e) {
      io.err().println("gavel rego eval: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    } catch (RegoException e) {
      io.err().println(e.render());
      return ExitCode.BAD_INPUT;
    }
  }

  static ObjectNode toJson(QueryResult r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    if (r.solutions().isEmpty()) {
      return root;
    }
    ArrayNode result = root.putArray("result");
    for (QueryResult.Solution s : r.solutions()) {
      ObjectNode row = result.addObject();
      ArrayNode exprs = row.putArray("expressions");
      for (QueryResult.ExpressionValue e : s.expressions()) {
        ObjectNode x = exprs.addObject();
        x.set("value", JsonValues.toJson(e.value()));
        x.put("text", e.text());
        ObjectNode loc = x.putObject("location");
        loc.put("row", e.location().line());
        loc.put("col", e.location().column());
      }
      if (!s.bindings().isEmpty()) {
        ObjectNode b = row.putObject("bindings");
        for (Map.Entry<String, Value> e : s.bindings().entrySet()) {
          b.set(e.getKey(), JsonValues.toJson(e.getValue()));
        }
      }
    }
    return root;
  }

  private void printPretty(QueryResult r) {
    if (r.solutions().isEmpty()) {
      io.out().println("undefined");
      return;
    }
    for (QueryResult.Solution s : r.solutions()) {
      if (s.bindings().isEmpty()) {
        for (QueryResult.ExpressionValue e : s.expressions()) {
          io.out().println(JsonValues.writePretty(e.value()));
        }
      } else {
        for (Map.Entry<String, Value> e : s.bindings().entrySet()) {
          io.out().println(e.getKey() + " = " + JsonValues.write(e.getValue()));
        }
      }
    }
  }
}
