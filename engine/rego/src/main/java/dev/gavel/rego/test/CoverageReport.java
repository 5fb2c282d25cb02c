package dev.gavel.rego.test;

import java.util.Map;
import java.util.SortedSet;

/** Which expression lines of each file ran during the tests. */
public record CoverageReport(Map<String, FileCoverage> files) {

  /** Lines of one file that hold expressions, split by whether any test evaluated them. */
  public record FileCoverage(SortedSet<Integer> covered, SortedSet<Integer> notCovered) {
    public double percent() {
      int total = covered.size() + notCovered.size();
      return total == 0 ? 100.0 : 100.0 * covered.size() / total;
    }
  }

  /** Percentage over all files. */
  public double percent() {
    int c = 0;
    int t = 0;
    for (FileCoverage f : files.values()) {
      c += f.covered().size();
      t += f.covered().size() + f.notCovered().size();
    }
    return t == 0 ? 100.0 : 100.0 * c / t;
  }

  /** Compresses sorted line numbers into ranges: 1-3, 7. */
  public static String ranges(SortedSet<Integer> lines) {
    StringBuilder sb = new StringBuilder();
    Integer start = null;
    Integer prev = null;
    for (int l : lines) {
      if (prev != null && l == prev + 1) {
        prev = l;
        continue;
      }
      if (start != null) {
        append(sb, start, prev);
      }
      start = l;
      prev = l;
    }
    if (start != null) {
      append(sb, start, prev);
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, int a, int b) {
    if (sb.length() > 0) {
      sb.append(", ");
    }
    sb.append(a == b ? Integer.toString(a) : a + "-" + b);
  }

}
