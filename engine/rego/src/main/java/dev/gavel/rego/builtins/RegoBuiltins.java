package dev.gavel.rego.builtins;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.syntax.AstJson;
import dev.gavel.rego.value.StringValue;
import java.util.stream.Collectors;

/**
 * rego.* builtins. {@code rego.metadata.chain()} and {@code rego.metadata.rule()} are replaced
 * inside rules by the compiler with the annotations of the rule that calls them (see the
 * compiler's metadata rewrite); a call that reaches evaluation comes from a query, which has no
 * annotations, and is undefined there as in OPA. {@code rego.parse_module} returns a module's
 * AST in OPA's JSON form.
 */
public final class RegoBuiltins implements BuiltinFamily {
  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("rego.metadata.chain", Type.arrayOf(Type.ANY)), (ctx, a) -> null);
    r.register(BuiltinDecl.of("rego.metadata.rule", Type.ANY), (ctx, a) -> null);
    r.register(BuiltinDecl.of("rego.parse_module", Type.objectOf(Type.STRING, Type.ANY),
            Param.of("filename", Type.STRING), Param.of("rego", Type.STRING)),
        (ctx, a) -> {
          String file = ((StringValue) a.get(0)).value();
          try {
            return AstJson.module(file, ((StringValue) a.get(1)).value());
          } catch (RegoException e) {
            int n = e.errors().size();
            String list = e.errors().stream().map(RegoBuiltins::line).collect(Collectors.joining("\n"));
            throw new BuiltinException((n == 1 ? "1 error occurred: " : n + " errors occurred:\n") + list);
          }
        });
  }

  private static String line(RegoError e) {
    String where = e.location().line() > 0 ? e.location().file() + ":" + e.location().line() + ": " : "";
    return where + e.code() + ": " + e.message();
  }
}
