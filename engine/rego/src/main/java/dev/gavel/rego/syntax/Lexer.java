package dev.gavel.rego.syntax;

import dev.gavel.rego.EvalLimits;
import dev.gavel.rego.Location;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import java.util.ArrayList;
import java.util.List;

/** Splits Rego source into tokens with 1-based line and column positions; keeps comments aside. */
final class Lexer {
  /** A comment line: its position and text after the '#'. */
  record Comment(int line, int column, String text) {}

  private final String file;
  private final String src;
  private final int lineOffset;
  private final int columnOffset;
  private int pos;
  private int line = 1;
  private int col = 1;
  private final List<Token> tokens = new ArrayList<>();
  private final List<Comment> comments = new ArrayList<>();
  private int templateNesting;

  /** {@code lineOffset}/{@code columnOffset} place a fragment (a template part) inside its file. */
  Lexer(String file, String src, int lineOffset, int columnOffset) {
    this.file = file;
    this.src = src;
    this.lineOffset = lineOffset;
    this.columnOffset = columnOffset;
  }

  List<Token> tokens() {
    return tokens;
  }

  List<Comment> comments() {
    return comments;
  }

  Lexer run() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        add(Token.Kind.NEWLINE, "\n", 1);
        line++;
        col = 1;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        advance(1);
        continue;
      }
      if (c == '#') {
        int start = pos;
        int startCol = col;
        while (pos < src.length() && src.charAt(pos) != '\n') {
          advance(1);
        }
        comments.add(new Comment(line + lineOffset, startCol, src.substring(start + 1, pos)));
        continue;
      }
      if (Character.isLetter(c) || c == '_') {
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
          pos++;
        }
        String word = src.substring(start, pos);
        tokens.add(tok(Token.Kind.IDENT, word, start));
        col += pos - start;
        continue;
      }
      if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))
          && !lastIsTermEnd())) {
        number();
        continue;
      }
      if (c == '"') {
        string();
        continue;
      }
      if (c == '`') {
        raw();
        continue;
      }
      if (c == '$' && pos + 1 < src.length() && (src.charAt(pos + 1) == '"' || src.charAt(pos + 1) == '`')) {
        template();
        continue;
      }
      punct(c);
    }
    tokens.add(new Token(Token.Kind.EOF, "", line + lineOffset, col + (line == 1 ? columnOffset : 0), pos));
    return this;
  }

  private boolean lastIsTermEnd() {
    if (tokens.isEmpty()) {
      return false;
    }
    Token.Kind k = tokens.get(tokens.size() - 1).kind();
    return k == Token.Kind.IDENT || k == Token.Kind.RBRACKET || k == Token.Kind.RPAREN || k == Token.Kind.RBRACE;
  }

  private Token tok(Token.Kind k, String text, int offset) {
    return new Token(k, text, line + lineOffset, col + (line == 1 ? columnOffset : 0), offset);
  }

  private void add(Token.Kind k, String text, int len) {
    tokens.add(tok(k, text, pos));
    advance(len);
  }

  private void advance(int n) {
    pos += n;
    col += n;
  }

  RegoException error(String msg) {
    return errorAt(msg, line, col);
  }

  private RegoException errorAt(String msg, int atLine, int atCol) {
    String sourceLine = currentLine();
    return new RegoException(new RegoError(RegoError.PARSE,
        new Location(file, atLine + lineOffset, atCol + (atLine == 1 ? columnOffset : 0)), msg, sourceLine));
  }

  private String currentLine() {
    int s = src.lastIndexOf('\n', Math.max(0, Math.min(pos, src.length()) - 1)) + 1;
    int e = src.indexOf('\n', Math.min(pos, src.length()));
    return src.substring(s, e < 0 ? src.length() : e);
  }

  private void number() {
    int start = pos;
    while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
      pos++;
    }
    if (pos < src.length() && src.charAt(pos) == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
      pos++;
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save;
      }
    }
    String text = src.substring(start, pos);
    if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos = start;
      throw error("invalid number: " + text + src.charAt(start + text.length()));
    }
    tokens.add(tok(Token.Kind.NUMBER, text, start));
    col += pos - start;
  }

  private void string() {
    int start = pos;
    int startCol = col;
    StringBuilder sb = new StringBuilder();
    advance(1);
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        throw errorAt("unterminated string", line, startCol);
      }
      char c = src.charAt(pos);
      if (c == '"') {
        advance(1);
        break;
      }
      if (c == '\\') {
        escape(sb, false);
        continue;
      }
      sb.append(c);
      advance(1);
    }
    tokens.add(new Token(Token.Kind.STRING, sb.toString(), line + lineOffset, startCol + (line == 1 ? columnOffset : 0), start));
  }

  /** Decodes one JSON escape at pos (which holds the backslash). */
  private void escape(StringBuilder sb, boolean template) {
    if (pos + 1 >= src.length()) {
      throw error("unterminated string");
    }
    char e = src.charAt(pos + 1);
    switch (e) {
      case '"', '\\', '/' -> sb.append(e);
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'u' -> {
        if (pos + 6 > src.length()) {
          throw error("invalid escape sequence");
        }
        try {
          sb.append((char) Integer.parseInt(src.substring(pos + 2, pos + 6), 16));
        } catch (NumberFormatException x) {
          throw error("invalid escape sequence \\u" + src.substring(pos + 2, pos + 6));
        }
        advance(6);
        return;
      }
      default -> {
        if (template && (e == '{' || e == '}')) {
          sb.append(e);
        } else {
          throw error("invalid escape sequence \\" + e);
        }
      }
    }
    advance(2);
  }

  private void raw() {
    int start = pos;
    int startLine = line;
    int startCol = col;
    advance(1);
    int end = src.indexOf('`', pos);
    if (end < 0) {
      throw error("unterminated raw string");
    }
    String text = src.substring(pos, end);
    for (int i = pos; i < end; i++) {
      if (src.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    pos = end + 1;
    col++;
    tokens.add(new Token(Token.Kind.RAW_STRING, text, startLine + lineOffset, startCol + (startLine == 1 ? columnOffset : 0), start));
  }

  /** A template string: the raw body (between the quotes) is kept; the parser splits it. */
  private void template() {
    int start = pos;
    int startLine = line;
    int startCol = col;
    boolean rawForm = src.charAt(pos + 1) == '`';
    int end = rawForm ? skipRawTemplate(pos + 2) : skipTemplate(pos + 2);
    String body = src.substring(pos + 2, end - 1);
    for (int i = pos; i < end; i++) {
      if (src.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    pos = end;
    tokens.add(new Token(rawForm ? Token.Kind.RAW_TEMPLATE : Token.Kind.TEMPLATE, body,
        startLine + lineOffset, startCol + (startLine == 1 ? columnOffset : 0), start));
  }

  /** Index just past the closing quote of a template whose body starts at i. */
  private int skipTemplate(int i) {
    enterTemplate();
    try {
      return skipTemplateBody(i);
    } finally {
      templateNesting--;
    }
  }

  /**
   * Templates inside templates are skipped recursively; like the parser, the lexer refuses
   * nesting beyond {@link EvalLimits#DEFAULT_MAX_DEPTH} with an error instead of a stack overflow.
   */
  private void enterTemplate() {
    if (++templateNesting > EvalLimits.DEFAULT_MAX_DEPTH) {
      templateNesting--;
      throw error("template strings nest deeper than the limit of " + EvalLimits.DEFAULT_MAX_DEPTH + " levels");
    }
  }

  private int skipTemplateBody(int i) {
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else if (c == '{') {
        i = skipExpr(i + 1) + 1;
      } else if (c == '\n') {
        break;
      } else {
        i++;
      }
    }
    throw error("unterminated template string");
  }

  private int skipRawTemplate(int i) {
    enterTemplate();
    try {
      return skipRawTemplateBody(i);
    } finally {
      templateNesting--;
    }
  }

  private int skipRawTemplateBody(int i) {
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\\' && i + 1 < src.length() && (src.charAt(i + 1) == '{' || src.charAt(i + 1) == '}')) {
        i += 2;
      } else if (c == '`') {
        return i + 1;
      } else if (c == '{') {
        i = skipExpr(i + 1) + 1;
      } else {
        i++;
      }
    }
    throw error("unterminated template string");
  }

  /** Index of the '}' closing an interpolated expression that starts at i. */
  int skipExpr(int i) {
    int depth = 0;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '"') {
        i++;
        while (i < src.length() && src.charAt(i) != '"') {
          i += src.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
      } else if (c == '`') {
        int e = src.indexOf('`', i + 1);
        i = e < 0 ? src.length() : e + 1;
      } else if (c == '$' && i + 1 < src.length() && src.charAt(i + 1) == '"') {
        i = skipTemplate(i + 2);
      } else if (c == '$' && i + 1 < src.length() && src.charAt(i + 1) == '`') {
        i = skipRawTemplate(i + 2);
      } else if (c == '{') {
        depth++;
        i++;
      } else if (c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
        i++;
      } else {
        i++;
      }
    }
    throw error("unterminated template expression");
  }

  private void punct(char c) {
    char n = pos + 1 < src.length() ? src.charAt(pos + 1) : '\0';
    switch (c) {
      case '{' -> add(Token.Kind.LBRACE, "{", 1);
      case '}' -> add(Token.Kind.RBRACE, "}", 1);
      case '[' -> add(Token.Kind.LBRACKET, "[", 1);
      case ']' -> add(Token.Kind.RBRACKET, "]", 1);
      case '(' -> add(Token.Kind.LPAREN, "(", 1);
      case ')' -> add(Token.Kind.RPAREN, ")", 1);
      case '.' -> add(Token.Kind.DOT, ".", 1);
      case ',' -> add(Token.Kind.COMMA, ",", 1);
      case ';' -> add(Token.Kind.SEMICOLON, ";", 1);
      case '|' -> add(Token.Kind.BAR, "|", 1);
      case '&' -> add(Token.Kind.AMP, "&", 1);
      case '+' -> add(Token.Kind.PLUS, "+", 1);
      case '-' -> add(Token.Kind.MINUS, "-", 1);
      case '*' -> add(Token.Kind.STAR, "*", 1);
      case '/' -> add(Token.Kind.SLASH, "/", 1);
      case '%' -> add(Token.Kind.PERCENT, "%", 1);
      case ':' -> {
        if (n == '=') {
          add(Token.Kind.ASSIGN, ":=", 2);
        } else {
          add(Token.Kind.COLON, ":", 1);
        }
      }
      case '=' -> {
        if (n == '=') {
          add(Token.Kind.EQUAL, "==", 2);
        } else {
          add(Token.Kind.UNIFY, "=", 1);
        }
      }
      case '!' -> {
        if (n == '=') {
          add(Token.Kind.NEQ, "!=", 2);
        } else {
          throw error("illegal token: !");
        }
      }
      case '<' -> {
        if (n == '=') {
          add(Token.Kind.LTE, "<=", 2);
        } else {
          add(Token.Kind.LT, "<", 1);
        }
      }
      case '>' -> {
        if (n == '=') {
          add(Token.Kind.GTE, ">=", 2);
        } else {
          add(Token.Kind.GT, ">", 1);
        }
      }
      default -> throw error("illegal token: " + c);
    }
  }
}
