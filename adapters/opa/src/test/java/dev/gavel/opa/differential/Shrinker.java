package dev.gavel.opa.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.opa.differential.Node.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shrinks a disagreement to a minimal case: greedily takes the smallest one-step reduction of the
 * program or the input under which the engines still disagree in the same way (same outcome
 * kinds and codes on both sides), until no reduction keeps it. Reductions remove a rule, a
 * literal, a with modifier, an else branch, a rule's body, an argument or an element, turn
 * {@code not x} into {@code x}, and replace a term by one of its subterms or by a small constant;
 * on the input they remove a field or an element, or replace a value by null. Deterministic: the
 * same disagreement always shrinks to the same case.
 */
final class Shrinker {
  private static final String[] CONSTANTS = {"0", "1", "\"a\"", "true", "null", "[]", "set()", "{}"};
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Whether the engines still disagree, in the original way, on a program and input. */
  interface Oracle {
    boolean stillDisagrees(Node module, JsonNode input);
  }

  /** The result: the minimal module and input, and how many candidates were tried. */
  record Shrunk(Node module, JsonNode input, int checks) {}

  private final Oracle oracle;
  /** Answers already given, by program text and input: passes after a reduction ask again. */
  private final Map<String, Boolean> asked = new java.util.HashMap<>();
  private final int budget;
  private int checks;

  /**
   * @param oracle asked once per candidate
   * @param budget the most candidates to try (the case so far is returned when it is spent)
   */
  Shrinker(Oracle oracle, int budget) {
    this.oracle = Objects.requireNonNull(oracle, "oracle");
    this.budget = budget;
  }

  private boolean ask(Node module, JsonNode input) {
    String key = module.render() + "\u0000" + input;
    Boolean known = asked.get(key);
    if (known == null) {
      checks++;
      known = oracle.stillDisagrees(module, input);
      asked.put(key, known);
    }
    return known;
  }

  Shrunk shrink(Node module, JsonNode input) {
    boolean progress = true;
    while (progress && checks < budget) {
      progress = false;
      List<Node> candidates = reductions(module);
      candidates.sort(Comparator.comparingInt(Node::size));
      for (Node c : candidates) {
        if (checks >= budget) {
          break;
        }
        if (ask(c, input)) {
          module = c;
          progress = true;
          break;
        }
      }
      if (progress) {
        continue;
      }
      for (JsonNode in : inputReductions(input)) {
        if (checks >= budget) {
          break;
        }
        if (ask(module, in)) {
          input = in;
          progress = true;
          break;
        }
      }
    }
    return new Shrunk(module, input, checks);
  }

  /** Every one-step reduction of {@code n}: of the node itself, then of each kid in place. */
  static List<Node> reductions(Node n) {
    List<Node> out = new ArrayList<>(own(n));
    for (int i = 0; i < n.kids().size(); i++) {
      for (Node k : reductions(n.kids().get(i))) {
        List<Node> kids = new ArrayList<>(n.kids());
        kids.set(i, k);
        out.add(n.withKids(kids));
      }
    }
    return out;
  }

  /** Reductions that replace {@code n} as a whole. */
  private static List<Node> own(Node n) {
    List<Node> out = new ArrayList<>();
    int first = removableFrom(n);
    for (int i = first; i < n.kids().size(); i++) {
      List<Node> kids = new ArrayList<>(n.kids());
      kids.remove(i);
      out.add(n.withKids(kids));
    }
    if (n.kind() == Kind.NOT) {
      out.add(Node.of(Kind.EXPR, "", n.kids()));
    }
    if (n.kind().isTerm()) {
      for (Node k : n.kids()) {
        if (k.kind().isTerm()) {
          out.add(k);
        }
      }
      if (n.kind() != Kind.CONST) {
        for (String c : CONSTANTS) {
          out.add(Node.constant(c));
        }
      }
    }
    return out;
  }

  /**
   * From which kid on the kids of {@code n} may be removed one by one: all of a module's rules and a
   * body's literals, a collection's elements, a call's arguments and a ref's path; after the core
   * of a literal its with modifiers; a rule's body and else branches. Integer.MAX_VALUE: none.
   */
  private static int removableFrom(Node n) {
    return switch (n.kind()) {
      case MODULE, BODY, ARRAY, SET, OBJECT, CALL -> 0;
      case REF, EXPR, NOT, ASSIGN, COMPLETE, ELSE, SET_RULE -> 1;
      case UNIFY, OBJECT_RULE, FUNCTION -> 2;
      case BOOL_RULE -> 0;
      default -> Integer.MAX_VALUE;
    };
  }

  /** One-step reductions of the input: drop a field or element, or make a value null. */
  static List<JsonNode> inputReductions(JsonNode input) {
    List<JsonNode> out = new ArrayList<>();
    if (input.isObject()) {
      for (Map.Entry<String, JsonNode> e : input.properties()) {
        ObjectNode without = input.deepCopy();
        without.remove(e.getKey());
        out.add(without);
      }
      for (Map.Entry<String, JsonNode> e : input.properties()) {
        for (JsonNode smaller : inputReductions(e.getValue())) {
          ObjectNode o = input.deepCopy();
          o.set(e.getKey(), smaller);
          out.add(o);
        }
      }
    } else if (input.isArray()) {
      for (int i = 0; i < input.size(); i++) {
        ArrayNode without = input.deepCopy();
        without.remove(i);
        out.add(without);
      }
    } else if (!input.isNull()) {
      out.add(F.nullNode());
    }
    return out;
  }
}
