package dev.gavel.opa.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * Inputs and base data for generated programs. The programs read the fields named here
 * ({@code input.n}, {@code input.strs}, {@code data.base.k}...); each input gives them values of
 * the expected type most of the time, and sometimes another type or none, so type errors and
 * undefined refs occur at run time too.
 */
final class ProgramInputs {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** The base documents every program is evaluated with (under data.base). */
  static final JsonNode DATA = Outcome.json("""
      {"base": {"k": 3, "xs": [1, 2, 3, 2], "names": {"a": 1, "b": 2, "c": 3}, "flag": true, "s": "x,y,z"}}
      """);

  private ProgramInputs() {}

  /** Input {@code k} of program {@code index} under {@code seed}. */
  static ObjectNode input(long seed, long index, int k) {
    SplittableRandom r = new SplittableRandom((seed * 31 + index) * 17 + k);
    ObjectNode in = F.objectNode();
    put(in, r, "n", F.numberNode(r.nextInt(-3, 12)));
    put(in, r, "m", F.numberNode(new BigDecimal(r.nextInt(-50, 50)).movePointLeft(1)));
    put(in, r, "s", F.textNode(pick(r, "a", "ab", "Hello", "", "a,b", "10", "é")));
    put(in, r, "t", F.textNode(pick(r, "b", "A", " x ", "1.5")));
    put(in, r, "b", F.booleanNode(r.nextBoolean()));
    ArrayNode nums = F.arrayNode();
    for (int i = r.nextInt(5); i > 0; i--) {
      nums.add(r.nextInt(-2, 6));
    }
    put(in, r, "nums", nums);
    ArrayNode strs = F.arrayNode();
    for (int i = r.nextInt(4); i > 0; i--) {
      strs.add(pick(r, "a", "b", "c", "ab", ""));
    }
    put(in, r, "strs", strs);
    ArrayNode mixed = F.arrayNode().add(1).add("a").add(true);
    if (r.nextBoolean()) {
      mixed.addNull().add(F.objectNode().put("a", 1)).add(2.5);
    }
    put(in, r, "mixed", mixed);
    ObjectNode obj = F.objectNode();
    for (int i = r.nextInt(4); i > 0; i--) {
      obj.put(pick(r, "a", "b", "c", "d"), r.nextInt(5));
    }
    put(in, r, "obj", obj);
    ObjectNode nested = F.objectNode();
    nested.putObject("a").putArray("b").add(1).add(2);
    put(in, r, "nested", nested);
    if (r.nextBoolean()) {
      in.set("z", r.nextBoolean() ? F.nullNode() : F.numberNode(0));
    }
    return in;
  }

  /** Sets the field: usually as given, sometimes to a value of another type, sometimes not at all. */
  private static void put(ObjectNode in, SplittableRandom r, String field, JsonNode value) {
    int c = r.nextInt(20);
    if (c == 0) {
      return;
    }
    if (c == 1) {
      JsonNode[] other = {F.textNode("7"), F.numberNode(7), F.nullNode(), F.booleanNode(false), F.arrayNode().add(1)};
      in.set(field, other[r.nextInt(other.length)]);
      return;
    }
    in.set(field, value);
  }

  private static String pick(SplittableRandom r, String... options) {
    return options[r.nextInt(options.length)];
  }
}
