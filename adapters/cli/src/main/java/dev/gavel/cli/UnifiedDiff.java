package dev.gavel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A unified diff of two texts, line by line (as {@code diff -u} prints it, three lines of context),
 * for {@code gavel policy fmt --diff}. Lines are matched by a longest common subsequence; texts too
 * large for that table are shown as one hunk replacing every line.
 */
final class UnifiedDiff {
  private static final int CONTEXT = 3;
  private static final long MAX_CELLS = 16_000_000L;

  private UnifiedDiff() {}

  /** The diff from {@code before} to {@code after} with the given names; empty when they are equal. */
  static String of(String name, String before, String after) {
    Objects.requireNonNull(name, "name");
    if (before.equals(after)) {
      return "";
    }
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<char[]> ops = script(a, b);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(name).append('\n').append("+++ ").append(name).append(" (formatted)\n");
    int k = 0;
    while (k < ops.size()) {
      if (ops.get(k)[0] == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      int end = k;
      int quiet = 0;
      while (end < ops.size() && quiet <= 2 * CONTEXT) {
        quiet = ops.get(end)[0] == ' ' ? quiet + 1 : 0;
        end++;
      }
      end = Math.min(ops.size(), end - Math.max(0, quiet - CONTEXT));
      hunk(out, ops, start, end, a, b);
      k = end;
    }
    return out.toString();
  }

  private static void hunk(StringBuilder out, List<char[]> ops, int from, int to, List<String> a, List<String> b) {
    int ai = 0;
    int bi = 0;
    for (int k = 0; k < from; k++) {
      char op = ops.get(k)[0];
      ai += op != '+' ? 1 : 0;
      bi += op != '-' ? 1 : 0;
    }
    int aLen = 0;
    int bLen = 0;
    for (int k = from; k < to; k++) {
      char op = ops.get(k)[0];
      aLen += op != '+' ? 1 : 0;
      bLen += op != '-' ? 1 : 0;
    }
    out.append("@@ -").append(range(ai, aLen)).append(" +").append(range(bi, bLen)).append(" @@\n");
    for (int k = from; k < to; k++) {
      char op = ops.get(k)[0];
      String line = op == '+' ? b.get(bi++) : a.get(ai++);
      if (op == ' ') {
        bi++;
      }
      out.append(op).append(line).append('\n');
    }
  }

  private static String range(int start, int len) {
    return (len == 0 ? start : start + 1) + (len == 1 ? "" : "," + len);
  }

  /** The edit script: ' ' keep, '-' delete from a, '+' insert from b. */
  private static List<char[]> script(List<String> a, List<String> b) {
    List<char[]> ops = new ArrayList<>();
    int n = a.size();
    int m = b.size();
    if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
      a.forEach(x -> ops.add(new char[] {'-'}));
      b.forEach(x -> ops.add(new char[] {'+'}));
      return ops;
    }
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        ops.add(new char[] {' '});
        i++;
        j++;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add(new char[] {'-'});
        i++;
      } else {
        ops.add(new char[] {'+'});
        j++;
      }
    }
    return ops;
  }

  private static List<String> lines(String s) {
    List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }
}
