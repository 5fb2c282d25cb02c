package dev.gavel.rego.builtins.graphql;

import java.util.ArrayList;
import java.util.List;

/** Splits GraphQL source into tokens (spec section 2); an illegal character becomes an Invalid token. */
final class GqlLexer {
  private GqlLexer() {}

  static List<GqlToken> tokens(String src) {
    List<GqlToken> out = new ArrayList<>();
    int i = 0;
    int line = 1;
    int lineStart = 0;
    while (true) {
      while (i < src.length()) {
        char c = src.charAt(i);
        if (c == '\n') {
          line++;
          lineStart = ++i;
        } else if (c == '\r') {
          line++;
          i++;
          if (i < src.length() && src.charAt(i) == '\n') {
            i++;
          }
          lineStart = i;
        } else if (c == ' ' || c == '\t' || c == ',' || c == '\uFEFF') {
          i++;
        } else if (c == '#') {
          while (i < src.length() && src.charAt(i) != '\n' && src.charAt(i) != '\r') {
            i++;
          }
        } else {
          break;
        }
      }
      int col = i - lineStart + 1;
      if (i >= src.length()) {
        out.add(new GqlToken(GqlToken.EOF, "", line, col));
        return out;
      }
      char c = src.charAt(i);
      if ("!$&()[]{}:=@|".indexOf(c) >= 0) {
        out.add(new GqlToken(String.valueOf(c), String.valueOf(c), line, col));
        i++;
      } else if (c == '.' && src.startsWith("...", i)) {
        out.add(new GqlToken("...", "...", line, col));
        i += 3;
      } else if (Character.isLetter(c) && c < 128 || c == '_') {
        int s = i;
        while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) && src.charAt(i) < 128 || src.charAt(i) == '_')) {
          i++;
        }
        out.add(new GqlToken(GqlToken.NAME, src.substring(s, i), line, col));
      } else if (Character.isDigit(c) || c == '-') {
        int s = i;
        i++;
        boolean isFloat = false;
        while (i < src.length() && Character.isDigit(src.charAt(i))) {
          i++;
        }
        if (i < src.length() && src.charAt(i) == '.') {
          isFloat = true;
          i++;
          while (i < src.length() && Character.isDigit(src.charAt(i))) {
            i++;
          }
        }
        if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
          isFloat = true;
          i++;
          if (i < src.length() && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
            i++;
          }
          while (i < src.length() && Character.isDigit(src.charAt(i))) {
            i++;
          }
        }
        out.add(new GqlToken(isFloat ? GqlToken.FLOAT : GqlToken.INT, src.substring(s, i), line, col));
      } else if (src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        while (end > 0 && src.charAt(end - 1) == '\\') {
          end = src.indexOf("\"\"\"", end + 3);
        }
        if (end < 0) {
          // gqlparser reports an unterminated block string where the input ends.
          int endLine = line;
          int endCol = col;
          for (int k = i; k < src.length(); k++) {
            char d = src.charAt(k);
            if (d == '\n' || (d == '\r' && (k + 1 >= src.length() || src.charAt(k + 1) != '\n'))) {
              endLine++;
              endCol = 1;
            } else if (d != '\r') {
              endCol++;
            }
          }
          out.add(new GqlToken(GqlToken.INVALID, "", endLine, endCol));
          out.add(new GqlToken(GqlToken.EOF, "", endLine, endCol));
          return out;
        }
        String raw = src.substring(i + 3, end).replace("\\\"\"\"", "\"\"\"");
        int startLine = line;
        for (int k = i; k < end; k++) {
          if (src.charAt(k) == '\n') {
            line++;
            lineStart = k + 1;
          }
        }
        out.add(new GqlToken(GqlToken.BLOCK_STRING, blockValue(raw), startLine, col));
        i = end + 3;
      } else if (c == '"') {
        StringBuilder sb = new StringBuilder();
        int k = i + 1;
        boolean ok = false;
        while (k < src.length() && src.charAt(k) != '\n') {
          char d = src.charAt(k);
          if (d == '"') {
            ok = true;
            break;
          }
          if (d == '\\' && k + 1 < src.length()) {
            char e = src.charAt(k + 1);
            switch (e) {
              case 'n' -> sb.append('\n');
              case 't' -> sb.append('\t');
              case 'r' -> sb.append('\r');
              case 'b' -> sb.append('\b');
              case 'f' -> sb.append('\f');
              case 'u' -> {
                if (k + 6 <= src.length()) {
                  sb.append((char) Integer.parseInt(src.substring(k + 2, k + 6), 16));
                  k += 4;
                }
              }
              default -> sb.append(e);
            }
            k += 2;
            continue;
          }
          sb.append(d);
          k++;
        }
        if (!ok) {
          out.add(new GqlToken(GqlToken.INVALID, "", line, col));
          out.add(new GqlToken(GqlToken.EOF, "", line, col));
          return out;
        }
        // gqlparser places a string token at its first character after the opening quote.
        out.add(new GqlToken(GqlToken.STRING, sb.toString(), line, col + 1));
        i = k + 1;
      } else {
        out.add(new GqlToken(GqlToken.INVALID, String.valueOf(c), line, col));
        out.add(new GqlToken(GqlToken.EOF, "", line, col));
        return out;
      }
    }
  }

  /** The block-string value: common indentation removed, blank first and last lines dropped. */
  static String blockValue(String raw) {
    String[] lines = raw.split("\r\n|\n|\r", -1);
    int common = Integer.MAX_VALUE;
    for (int k = 1; k < lines.length; k++) {
      String l = lines[k];
      int indent = 0;
      while (indent < l.length() && (l.charAt(indent) == ' ' || l.charAt(indent) == '\t')) {
        indent++;
      }
      if (indent < l.length()) {
        common = Math.min(common, indent);
      }
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < lines.length; k++) {
      String l = lines[k];
      out.add(k > 0 && common != Integer.MAX_VALUE && l.length() >= common ? l.substring(common) : l);
    }
    while (!out.isEmpty() && out.get(0).isBlank()) {
      out.remove(0);
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
      out.remove(out.size() - 1);
    }
    return String.join("\n", out);
  }
}
