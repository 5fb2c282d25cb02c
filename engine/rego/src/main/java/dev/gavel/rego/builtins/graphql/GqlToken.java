package dev.gavel.rego.builtins.graphql;

/** A GraphQL token with its 1-based position; {@code kind} is the punctuator itself for punctuation. */
record GqlToken(String kind, String value, int line, int column) {
  static final String NAME = "Name";
  static final String INT = "Int";
  static final String FLOAT = "Float";
  static final String STRING = "String";
  static final String BLOCK_STRING = "BlockString";
  static final String EOF = "<EOF>";
  static final String INVALID = "<Invalid>";

  boolean is(String k) {
    return kind.equals(k);
  }

  boolean isName(String n) {
    return kind.equals(NAME) && value.equals(n);
  }

  /** How messages show the token: punctuators as themselves, values with their kind. */
  String describe() {
    switch (kind) {
      case NAME:
      case INT:
      case FLOAT:
      case STRING:
      case BLOCK_STRING:
        return kind + " \"" + value + "\"";
      default:
        return kind;
    }
  }
}
