package dev.gavel.rego.compile;

import dev.gavel.rego.RegoError;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.builtins.BuiltinDecl;
import dev.gavel.rego.builtins.BuiltinRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks every call: the function must exist (a builtin or a user function) and get its declared
 * number of operands, optionally plus one output. Unknown functions are compile errors, never a
 * silent undefined.
 */
final class CallChecker {
  private final BuiltinRegistry builtins;
  private final Map<String, Integer> functionArity;
  private final List<RegoError> errors;

  CallChecker(BuiltinRegistry builtins, Map<String, Integer> functionArity, List<RegoError> errors) {
    this.builtins = builtins;
    this.functionArity = functionArity;
    this.errors = errors;
  }

  void checkBody(Body b) {
    TermWalker.body(b, this::visit);
  }

  void checkTerm(Term t) {
    TermWalker.term(t, this::visit);
  }

  void checkTree(RuleNode n) {
    for (CompiledRule r : n.rules()) {
      TermWalker.rule(r, this::visitNothing);
    }
    for (RuleNode c : n.children().values()) {
      checkTree(c);
    }
  }

  private void visitNothing(Term t) {
    // Bodies were checked when each rule was compiled; the tree pass is kept for future checks.
  }

  private void visit(Term t) {
    if (!(t instanceof Term.Call c)) {
      return;
    }
    String op = VarCollector.operatorName(c);
    int given = c.args().size();
    switch (op) {
      case "eq", "assign" -> {
        if (given != 2) {
          errors.add(new RegoError(RegoError.TYPE, c.location(), op + ": arity mismatch"));
        }
        return;
      }
      case "print" -> {
        return;
      }
      default -> {
        // checked below
      }
    }
    Integer userArity = functionArity.get(op);
    if (userArity != null) {
      if (given != userArity && given != userArity + 1) {
        errors.add(new RegoError(RegoError.TYPE, c.location(),
            "function " + op + " has arity " + userArity + ", got " + given + " arguments"));
      }
      return;
    }
    BuiltinRegistry.Builtin b = builtins.lookup(op);
    if (b == null) {
      errors.add(new RegoError(RegoError.TYPE, c.location(), "undefined function " + op));
      return;
    }
    if (b.decl().deprecated()) {
      errors.add(new RegoError(RegoError.TYPE, c.location(), "deprecated built-in function calls in expression: " + op));
      return;
    }
    if (b.decl().variadic() != null) {
      return;
    }
    int n = b.decl().arity();
    if (given != n && given != n + 1) {
      errors.add(new RegoError(RegoError.TYPE, c.location(), op + ": arity mismatch\n\thave: ("
          + have(c.args()) + ")\n\twant: (" + describe(b.decl()) + ")"));
    }
  }

  /** OPA's {@code want}: each operand's name and type in OPA's notation. */
  private static String describe(BuiltinDecl d) {
    return d.params().stream().map(p -> p.name() + ": " + p.type().notation()).collect(Collectors.joining(", "));
  }

  /** OPA's {@code have}: the operands' types where a literal shows them, {@code any} otherwise. */
  private static String have(List<Term> args) {
    return args.stream().map(CallChecker::staticType).collect(Collectors.joining(", "));
  }

  private static String staticType(Term t) {
    if (t instanceof Term.Scalar s) {
      return s.value().typeName();
    }
    return "any";
  }
}
