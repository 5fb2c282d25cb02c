package dev.gavel.rego.builtins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * regex.globs_match: whether two regex-style globs, both anchored at start and end, match a
 * common non-empty string. The glob syntax is OPA's: a character, {@code .} (any character) or a
 * class {@code [a-z0-9]}, each optionally followed by {@code +} or {@code *}; {@code \} escapes
 * any character. Each glob becomes a small automaton (a state before each token; a starred token
 * loops on its state and may be skipped); the two run in lock step over a breadth-first search of
 * state pairs, so the check is exact and polynomial in the glob lengths. Syntax errors carry the
 * input and the position, worded as OPA reports them.
 */
final class GlobIntersection {
  private GlobIntersection() {}

  /** One token: the code point ranges it accepts (null for any character) and its repetition. */
  private record Token(List<int[]> chars, char flag) {
    boolean overlaps(Token o) {
      if (chars == null || o.chars == null) {
        return true;
      }
      for (int[] a : chars) {
        for (int[] b : o.chars) {
          if (a[0] <= b[1] && b[0] <= a[1]) {
            return true;
          }
        }
      }
      return false;
    }
  }

  static boolean nonEmpty(String a, String b) {
    List<Token> x = expand(tokenize(a));
    List<Token> y = expand(tokenize(b));
    Deque<int[]> queue = new ArrayDeque<>();
    Set<Long> seen = new HashSet<>();
    for (int i : closure(x, 0)) {
      for (int j : closure(y, 0)) {
        queue.add(new int[] {i, j, 0});
      }
    }
    while (!queue.isEmpty()) {
      int[] s = queue.poll();
      int i = s[0];
      int j = s[1];
      if (s[2] == 1 && i == x.size() && j == y.size()) {
        return true;
      }
      if (i == x.size() || j == y.size()) {
        continue;
      }
      Token tx = x.get(i);
      Token ty = y.get(j);
      if (!tx.overlaps(ty)) {
        continue;
      }
      int ni = tx.flag() == '*' ? i : i + 1;
      int nj = ty.flag() == '*' ? j : j + 1;
      for (int ci : closure(x, ni)) {
        for (int cj : closure(y, nj)) {
          if (seen.add(((long) ci << 32) | cj)) {
            queue.add(new int[] {ci, cj, 1});
          }
        }
      }
    }
    return false;
  }

  /** {@code t+} is {@code t t*}, so only plain and starred tokens remain. */
  private static List<Token> expand(List<Token> ts) {
    List<Token> out = new ArrayList<>();
    for (Token t : ts) {
      if (t.flag() == '+') {
        out.add(new Token(t.chars(), ' '));
        out.add(new Token(t.chars(), '*'));
      } else {
        out.add(t);
      }
    }
    return out;
  }

  /** The states reachable from {@code k} by skipping starred tokens. */
  private static List<Integer> closure(List<Token> ts, int k) {
    List<Integer> out = new ArrayList<>();
    out.add(k);
    while (k < ts.size() && ts.get(k).flag() == '*') {
      out.add(++k);
    }
    return out;
  }

  private static List<Token> tokenize(String glob) {
    int[] in = glob.codePoints().toArray();
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < in.length) {
      boolean escaped = in[i] == '\\';
      if (escaped && i == in.length - 1) {
        throw invalid(glob, i, "input ends with a \\ (escape) character");
      }
      int r = escaped ? in[i + 1] : in[i];
      i += escaped ? 2 : 1;
      List<int[]> chars;
      if (!escaped && r == '.') {
        chars = null;
      } else if (!escaped && r == ']') {
        throw invalid(glob, i, "set-close ']' with no preceding '['");
      } else if (!escaped && r == '[') {
        chars = new ArrayList<>();
        i = charClass(glob, in, i, chars);
      } else if (!escaped && (r == '+' || r == '*')) {
        throw invalid(glob, i, "flag '" + Character.toString(r) + "' must be preceded by a non-flag");
      } else {
        chars = List.of(new int[] {r, r});
      }
      char flag = ' ';
      if (i < in.length && (in[i] == '+' || in[i] == '*')) {
        flag = (char) in[i];
        i++;
      }
      out.add(new Token(chars, flag));
    }
    return out;
  }

  /** Reads a class after its {@code [}; returns the index after its {@code ]}. */
  private static int charClass(String glob, int[] in, int i, List<int[]> chars) {
    int prev = -1;
    while (i < in.length) {
      boolean escaped = in[i] == '\\';
      if (escaped && i == in.length - 1) {
        throw invalid(glob, i, "input ends with a \\ (escape) character");
      }
      int r = escaped ? in[i + 1] : in[i];
      i += escaped ? 2 : 1;
      if (!escaped && r == ']') {
        return i;
      }
      if (!escaped && r == '-') {
        if (prev < 0) {
          throw invalid(glob, i, "range character '-' must be preceded by a Unicode character");
        }
        if (i >= in.length - 1) {
          throw invalid(glob, i, "range character '-' must be followed by a Unicode character");
        }
        boolean esc2 = in[i] == '\\';
        int hi = esc2 ? in[i + 1] : in[i];
        i += esc2 ? 2 : 1;
        if (!esc2 && (hi == ']' || hi == '-')) {
          throw invalid(glob, i, "range character '-' cannot be followed by a special symbol");
        }
        if (hi < prev) {
          throw invalid(glob, i, "range is out of order: '" + Character.toString(hi) + "' comes before '"
              + Character.toString(prev) + "' in Unicode");
        }
        chars.add(new int[] {prev, hi});
        prev = -1;
        continue;
      }
      chars.add(new int[] {r, r});
      prev = r;
    }
    throw invalid(glob, i, "found [ without matching ]");
  }

  private static BuiltinException invalid(String glob, int pos, String why) {
    return new BuiltinException("input:" + glob + ", pos:" + pos + ", " + why + ": the input provided is invalid");
  }
}
