package dev.gavel.rego.syntax;

/**
 * One lexical token. {@code text} is the decoded value for strings, the literal text otherwise.
 * Template strings carry their raw body in {@code text} and are split into parts by the parser.
 */
record Token(Kind kind, String text, int line, int column, int offset) {
  enum Kind {
    IDENT,
    NUMBER,
    STRING,
    RAW_STRING,
    TEMPLATE,
    RAW_TEMPLATE,
    LBRACE,
    RBRACE,
    LBRACKET,
    RBRACKET,
    LPAREN,
    RPAREN,
    DOT,
    COMMA,
    SEMICOLON,
    COLON,
    BAR,
    AMP,
    ASSIGN,
    UNIFY,
    EQUAL,
    NEQ,
    LT,
    LTE,
    GT,
    GTE,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    PERCENT,
    NEWLINE,
    EOF
  }

  boolean is(Kind k) {
    return kind == k;
  }

  boolean isWord(String word) {
    return kind == Kind.IDENT && text.equals(word);
  }

  /** How the token reads in an error message. */
  String describe() {
    switch (kind) {
      case EOF:
        return "eof";
      case NEWLINE:
        return "newline";
      case STRING:
      case RAW_STRING:
        return "string";
      case TEMPLATE:
      case RAW_TEMPLATE:
        return "template string";
      case NUMBER:
        return "number";
      case IDENT:
        return text;
      default:
        return text;
    }
  }
}
