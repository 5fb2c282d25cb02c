package dev.gavel.opa.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A generated Rego program as a tree the shrinker can cut: a module, its rules, their bodies,
 * literals and terms, each node rendering itself as Rego source. Nodes are immutable values; the
 * shrinker makes smaller programs by removing or replacing kids.
 */
record Node(Kind kind, String text, List<Node> kids) {
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Which piece of Rego a node is; {@link #render} says how each is written. */
  enum Kind {
    MODULE,
    // rules (text: the rule's name)
    COMPLETE, DEFAULT, BOOL_RULE, SET_RULE, OBJECT_RULE, FUNCTION, DEFAULT_FUNCTION, ELSE,
    PARAMS,
    BODY,
    // literals
    EXPR, NOT, ASSIGN, UNIFY, SOME_IN, EVERY, WITH,
    // terms
    CONST, VAR, REF, CALL, INFIX, ARRAY, SET, OBJECT, ITEM, ARRAY_COMPR, SET_COMPR, OBJECT_COMPR, MEMBER;

    boolean isTerm() {
      return ordinal() >= CONST.ordinal() && this != ITEM;
    }

    boolean isRule() {
      return ordinal() >= COMPLETE.ordinal() && ordinal() <= DEFAULT_FUNCTION.ordinal();
    }

    boolean isLiteral() {
      return ordinal() >= EXPR.ordinal() && ordinal() <= EVERY.ordinal();
    }
  }

  Node {
    Objects.requireNonNull(kind, "kind");
    text = text == null ? "" : text;
    kids = List.copyOf(kids);
  }

  static Node of(Kind kind, String text, Node... kids) {
    return new Node(kind, text, List.of(kids));
  }

  static Node of(Kind kind, String text, List<Node> kids) {
    return new Node(kind, text, kids);
  }

  static Node constant(String rego) {
    return of(Kind.CONST, rego);
  }

  static Node var(String name) {
    return of(Kind.VAR, name);
  }

  static Node call(String fn, Node... args) {
    return of(Kind.CALL, fn, args);
  }

  static Node infix(String op, Node l, Node r) {
    return of(Kind.INFIX, op, l, r);
  }

  /** {@code input.a.b}, {@code data.base.k}: a ref from a head variable through constant keys. */
  static Node path(String head, String... keys) {
    List<Node> k = new ArrayList<>();
    k.add(var(head));
    for (String s : keys) {
      k.add(constant(quote(s)));
    }
    return of(Kind.REF, "", k);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  Node withKids(List<Node> newKids) {
    return new Node(kind, text, newKids);
  }

  /** Literals after the first kid(s) of a literal are its {@code with} modifiers. */
  private String withs(int from) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < kids.size(); i++) {
      b.append(' ').append(kids.get(i).render());
    }
    return b.toString();
  }

  private String body(int index) {
    return kids.size() > index && kids.get(index).kind == Kind.BODY ? " if " + kids.get(index).render() : "";
  }

  /** The node as Rego source. */
  String render() {
    return switch (kind) {
      case MODULE -> {
        StringBuilder b = new StringBuilder("package ").append(text).append("\n\n");
        for (Node r : kids) {
          b.append(r.render()).append("\n\n");
        }
        yield b.toString();
      }
      case COMPLETE -> text + " := " + kids.get(0).render() + body(1) + elses();
      case DEFAULT -> "default " + text + " := " + kids.get(0).render();
      case BOOL_RULE -> text + body(0) + (kids.isEmpty() ? " := true" : "");
      case SET_RULE -> text + " contains " + kids.get(0).render() + body(1);
      case OBJECT_RULE -> text + "[" + kids.get(0).render() + "] := " + kids.get(1).render() + body(2);
      case FUNCTION -> text + kids.get(0).render() + " := " + kids.get(1).render() + body(2) + elses();
      case DEFAULT_FUNCTION -> "default " + text + kids.get(0).render() + " := " + kids.get(1).render();
      case ELSE -> " else := " + kids.get(0).render() + body(1);
      case PARAMS -> "(" + join(kids, ", ") + ")";
      case BODY -> "{ " + join(kids, "; ") + " }";
      case EXPR -> kids.get(0).render() + withs(1);
      case NOT -> "not " + kids.get(0).render() + withs(1);
      case ASSIGN -> text + " := " + kids.get(0).render() + withs(1);
      case UNIFY -> kids.get(0).render() + " = " + kids.get(1).render() + withs(2);
      case SOME_IN -> "some " + text + " in " + kids.get(0).render();
      case EVERY -> "every " + text + " in " + kids.get(0).render() + " " + kids.get(1).render();
      case WITH -> "with " + text + " as " + kids.get(0).render();
      case CONST, VAR -> text;
      case REF -> ref();
      case CALL -> text + "(" + join(kids, ", ") + ")";
      case INFIX -> "(" + kids.get(0).render() + " " + text + " " + kids.get(1).render() + ")";
      case ARRAY -> "[" + join(kids, ", ") + "]";
      case SET -> kids.isEmpty() ? "set()" : "{" + join(kids, ", ") + "}";
      case OBJECT -> "{" + join(kids, ", ") + "}";
      case ITEM -> kids.get(0).render() + ": " + kids.get(1).render();
      case ARRAY_COMPR -> "[" + kids.get(0).render() + " | " + inner(kids.get(1)) + "]";
      case SET_COMPR -> "{" + kids.get(0).render() + " | " + inner(kids.get(1)) + "}";
      case OBJECT_COMPR -> "{" + kids.get(0).render() + ": " + kids.get(1).render() + " | " + inner(kids.get(2)) + "}";
      case MEMBER -> "(" + kids.get(0).render() + " in " + kids.get(1).render() + ")";
    };
  }

  /** A complete rule's or function's else branches: its ELSE kids, in order. */
  private String elses() {
    StringBuilder b = new StringBuilder();
    for (Node k : kids) {
      if (k.kind == Kind.ELSE) {
        b.append(k.render());
      }
    }
    return b.toString();
  }

  private static String inner(Node body) {
    return join(body.kids, "; ");
  }

  private String ref() {
    Node head = kids.get(0);
    StringBuilder b = new StringBuilder(head.render());
    for (int i = 1; i < kids.size(); i++) {
      Node k = kids.get(i);
      String key = k.kind == Kind.CONST && k.text.startsWith("\"") ? k.text.substring(1, k.text.length() - 1) : null;
      if (key != null && IDENT.matcher(key).matches() && !Keywords.ALL.contains(key)) {
        b.append('.').append(key);
      } else {
        b.append('[').append(k.render()).append(']');
      }
    }
    return b.toString();
  }

  private static String join(List<Node> nodes, String sep) {
    StringBuilder b = new StringBuilder();
    for (Node n : nodes) {
      if (b.length() > 0) {
        b.append(sep);
      }
      b.append(n.render());
    }
    return b.toString();
  }

  /** How many nodes the tree has: the shrinker's measure of size. */
  int size() {
    int n = 1;
    for (Node k : kids) {
      n += k.size();
    }
    return n;
  }

  /** Rego's keywords, which cannot follow a dot in a ref. */
  static final class Keywords {
    static final java.util.Set<String> ALL = java.util.Set.of("as", "contains", "default", "else", "every", "false", "if", "import",
        "in", "not", "null", "package", "some", "true", "with");

    private Keywords() {}
  }
}
