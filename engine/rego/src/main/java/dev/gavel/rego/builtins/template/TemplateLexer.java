package dev.gavel.rego.builtins.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Go text/template into items: text between actions, and inside {@code {{ }}} the
 * words of the action language. Trim markers ({@code {{- } and { -}}}) remove the adjacent
 * whitespace of the text; comments ({@code {{/* *\/}}}) vanish. Spaces inside actions are kept as
 * items because they separate a command's operands.
 */
final class TemplateLexer {
  enum Kind {
    TEXT, LEFT, RIGHT, SPACE, IDENTIFIER, FIELD, VARIABLE, DOT, NUMBER, STRING, RAW_STRING, CHAR,
    BOOL, NIL, PIPE, LEFT_PAREN, RIGHT_PAREN, DECLARE, ASSIGN, COMMA, EOF
  }

  /** One item: its kind, text and byte offset in the template. */
  record Item(Kind kind, String text, int pos) {}

  private final String src;
  private final List<Item> items = new ArrayList<>();
  private int pos;

  private TemplateLexer(String src) {
    this.src = src;
  }

  static List<Item> lex(String src) {
    TemplateLexer l = new TemplateLexer(src);
    l.run();
    return l.items;
  }

  private TemplateException error(String message) {
    return new TemplateException("template: template:" + line(pos) + ": " + message);
  }

  int line(int at) {
    int n = 1;
    for (int i = 0; i < at && i < src.length(); i++) {
      if (src.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private void run() {
    while (pos < src.length()) {
      int open = src.indexOf("{{", pos);
      if (open < 0) {
        items.add(new Item(Kind.TEXT, src.substring(pos), pos));
        pos = src.length();
        break;
      }
      boolean trimLeft = open + 3 < src.length() && src.charAt(open + 2) == '-' && Character.isWhitespace(src.charAt(open + 3));
      String text = src.substring(pos, open);
      if (trimLeft) {
        text = text.stripTrailing();
      }
      if (!text.isEmpty()) {
        items.add(new Item(Kind.TEXT, text, pos));
      }
      pos = open + (trimLeft ? 3 : 2);
      if (src.startsWith("/*", skipSpaces(pos))) {
        comment();
        continue;
      }
      items.add(new Item(Kind.LEFT, "{{", open));
      action();
    }
    items.add(new Item(Kind.EOF, "", src.length()));
  }

  private int skipSpaces(int at) {
    int i = at;
    while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
      i++;
    }
    return i;
  }

  private void comment() {
    int start = skipSpaces(pos);
    int end = src.indexOf("*/", start + 2);
    if (end < 0) {
      throw error("unclosed comment");
    }
    int after = end + 2;
    boolean trimRight = src.startsWith(" -}}", after) || src.startsWith("\t-}}", after) || src.startsWith("\n-}}", after);
    if (trimRight) {
      after += 4;
    } else if (src.startsWith("}}", after)) {
      after += 2;
    } else {
      throw error("comment ends before closing delimiter");
    }
    pos = after;
    if (trimRight) {
      trimFollowing();
    }
  }

  private void trimFollowing() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  /** The inside of one action, up to and including its closing delimiter. */
  private void action() {
    int parens = 0;
    while (true) {
      if (pos >= src.length()) {
        throw error("unclosed action");
      }
      char c = src.charAt(pos);
      if (Character.isWhitespace(c)) {
        int start = pos;
        pos = skipSpaces(pos);
        if (src.startsWith("-}}", pos)) {
          items.add(new Item(Kind.RIGHT, "}}", pos));
          pos += 3;
          trimFollowing();
          return;
        }
        items.add(new Item(Kind.SPACE, " ", start));
        continue;
      }
      if (src.startsWith("}}", pos)) {
        if (parens > 0) {
          throw error("unclosed left paren");
        }
        items.add(new Item(Kind.RIGHT, "}}", pos));
        pos += 2;
        return;
      }
      int start = pos;
      switch (c) {
        case '|' -> emit(Kind.PIPE, 1);
        case '(' -> {
          parens++;
          emit(Kind.LEFT_PAREN, 1);
        }
        case ')' -> {
          if (--parens < 0) {
            throw error("unexpected right paren");
          }
          emit(Kind.RIGHT_PAREN, 1);
        }
        case ',' -> emit(Kind.COMMA, 1);
        case '=' -> emit(Kind.ASSIGN, 1);
        case ':' -> {
          if (!src.startsWith(":=", pos)) {
            throw error("expected :=");
          }
          emit(Kind.DECLARE, 2);
        }
        case '"' -> quoted('"', Kind.STRING, "unterminated quoted string");
        case '`' -> {
          int end = src.indexOf('`', pos + 1);
          if (end < 0) {
            throw error("unterminated raw quoted string");
          }
          items.add(new Item(Kind.RAW_STRING, src.substring(pos, end + 1), pos));
          pos = end + 1;
        }
        case '\'' -> quoted('\'', Kind.CHAR, "unterminated character constant");
        case '$' -> {
          pos++;
          word();
          items.add(new Item(Kind.VARIABLE, src.substring(start, pos), start));
        }
        case '.' -> {
          if (pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
            number();
          } else {
            pos++;
            if (pos < src.length() && isWordChar(src.charAt(pos))) {
              word();
              items.add(new Item(Kind.FIELD, src.substring(start, pos), start));
            } else {
              items.add(new Item(Kind.DOT, ".", start));
            }
          }
        }
        default -> {
          if (c == '-' || c == '+' || Character.isDigit(c)) {
            number();
          } else if (isWordChar(c)) {
            word();
            String w = src.substring(start, pos);
            Kind k = w.equals("true") || w.equals("false") ? Kind.BOOL : w.equals("nil") ? Kind.NIL : Kind.IDENTIFIER;
            items.add(new Item(k, w, start));
          } else {
            throw error("unrecognized character in action: " + quoteRune(c));
          }
        }
      }
    }
  }

  private void emit(Kind k, int width) {
    items.add(new Item(k, src.substring(pos, pos + width), pos));
    pos += width;
  }

  private void quoted(char q, Kind kind, String unterminated) {
    int start = pos;
    pos++;
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        throw error(unterminated);
      }
      char c = src.charAt(pos);
      if (c == '\\') {
        pos += 2;
        continue;
      }
      pos++;
      if (c == q) {
        break;
      }
    }
    items.add(new Item(kind, src.substring(start, pos), start));
  }

  private void number() {
    int start = pos;
    if (src.charAt(pos) == '+' || src.charAt(pos) == '-') {
      pos++;
    }
    while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.' || src.charAt(pos) == '_'
        || (src.charAt(pos) == '+' || src.charAt(pos) == '-') && "eEpP".indexOf(src.charAt(pos - 1)) >= 0)) {
      pos++;
    }
    String n = src.substring(start, pos);
    if (!n.matches("[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]*|[0-9][0-9_]*(\\.[0-9_]*)?([eE][+-]?[0-9]+)?|\\.[0-9_]+([eE][+-]?[0-9]+)?)")) {
      throw error("bad number syntax: \"" + n + "\"");
    }
    items.add(new Item(Kind.NUMBER, n, start));
  }

  private void word() {
    while (pos < src.length() && isWordChar(src.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isWordChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static String quoteRune(char c) {
    return "U+" + String.format("%04X", (int) c) + " '" + c + "'";
  }
}
