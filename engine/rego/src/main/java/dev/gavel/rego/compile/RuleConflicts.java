package dev.gavel.rego.compile;

import dev.gavel.rego.RegoError;
import java.util.ArrayList;
import java.util.List;

/** Compile-time conflicts between rules that share a path. */
final class RuleConflicts {
  private final List<RegoError> errors;

  RuleConflicts(List<RegoError> errors) {
    this.errors = errors;
  }

  void check(RuleNode n) {
    List<CompiledRule> all = new ArrayList<>(n.rules());
    all.addAll(n.defaults());
    if (n.defaults().size() > 1) {
      CompiledRule second = n.defaults().get(1);
      errors.add(new RegoError(RegoError.TYPE, second.location(), "multiple default rules " + second.pathName() + " found"));
    }
    if (!all.isEmpty()) {
      CompiledRule first = all.get(0);
      for (CompiledRule r : all) {
        boolean kindClash = r.kind() != first.kind()
            && !(r.isDefault() && r.kind() == RuleKind.SINGLE_VALUE && first.kind() == RuleKind.SINGLE_VALUE);
        boolean arityClash = r.kind() == RuleKind.FUNCTION && first.kind() == RuleKind.FUNCTION
            && r.args().size() != first.args().size();
        if (kindClash || arityClash) {
          errors.add(new RegoError(RegoError.TYPE, r.location(), "conflicting rules " + r.pathName() + " found"));
          break;
        }
      }
      boolean ground = first.kind() != RuleKind.FUNCTION && first.dynamicTail().isEmpty();
      if (ground && first.kind() == RuleKind.SINGLE_VALUE && n.hasRulesBelowChildren()) {
        errors.add(new RegoError(RegoError.TYPE, first.location(), "rule " + first.pathName() + " conflicts with rules below it"));
      }
    }
    for (RuleNode c : n.children().values()) {
      check(c);
    }
  }
}
