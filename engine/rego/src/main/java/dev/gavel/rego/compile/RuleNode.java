package dev.gavel.rego.compile;

import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of the tree of virtual documents. A node holds the rules whose ground path ends here
 * and children for longer paths. Built once by the compiler, then only read.
 */
public final class RuleNode {
  private final List<Value> path;
  private final Map<Value, RuleNode> children = new LinkedHashMap<>();
  private final List<CompiledRule> rules = new ArrayList<>();
  private final List<CompiledRule> defaults = new ArrayList<>();
  private boolean isPackage;
  private RuleIndex index;

  RuleNode(List<Value> path) {
    this.path = List.copyOf(path);
  }

  public List<Value> path() {
    return path;
  }

  public RuleNode child(Value key) {
    return children.get(key);
  }

  public Map<Value, RuleNode> children() {
    return Collections.unmodifiableMap(children);
  }

  /** Non-default rules ending at this node, in source order. */
  public List<CompiledRule> rules() {
    return Collections.unmodifiableList(rules);
  }

  public List<CompiledRule> defaults() {
    return Collections.unmodifiableList(defaults);
  }

  public boolean hasRules() {
    return !rules.isEmpty() || !defaults.isEmpty();
  }

  /** True when some module declares this path as its package. */
  public boolean isPackage() {
    return isPackage;
  }

  /** True when this node or any descendant holds rules. */
  public boolean hasRulesBelow() {
    if (hasRules()) {
      return true;
    }
    for (RuleNode c : children.values()) {
      if (c.hasRulesBelow()) {
        return true;
      }
    }
    return false;
  }

  /** True when this node or a descendant holds rules or is a package (an empty package is {}). */
  public boolean hasDocumentBelow() {
    if (hasRules() || isPackage) {
      return true;
    }
    for (RuleNode c : children.values()) {
      if (c.hasDocumentBelow()) {
        return true;
      }
    }
    return false;
  }

  /** True when some child (or deeper) holds rules. */
  public boolean hasRulesBelowChildren() {
    for (RuleNode c : children.values()) {
      if (c.hasRulesBelow()) {
        return true;
      }
    }
    return false;
  }

  RuleNode childOrCreate(Value key) {
    return children.computeIfAbsent(key, k -> {
      List<Value> p = new ArrayList<>(path);
      p.add(k);
      return new RuleNode(p);
    });
  }

  void add(CompiledRule rule) {
    if (rule.isDefault()) {
      defaults.add(rule);
    } else {
      rules.add(rule);
    }
  }

  /** The index over this node's rules, or null when they are few or share no input constraint. */
  public RuleIndex index() {
    return index;
  }

  void buildIndexes() {
    index = RuleIndex.build(rules);
    for (RuleNode c : children.values()) {
      c.buildIndexes();
    }
  }

  void markPackage() {
    isPackage = true;
  }
}
