package dev.gavel.bundles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * OPA's root rules. A root is a slash-separated data path; {@code ""} contains everything. Two
 * roots of one manifest may not overlap (one contains the other); every module's package and
 * every value in the data must lie under a root. Messages are OPA's.
 */
final class BundleRoots {
  private BundleRoots() {}

  static boolean contains(String root, String path) {
    String[] r = root.split("/", -1);
    String[] p = path.split("/", -1);
    if (r.length == 1 && r[0].isEmpty()) {
      return true;
    }
    if (r.length > p.length) {
      return false;
    }
    for (int i = 0; i < r.length; i++) {
      if (!r[i].equals(p[i])) {
        return false;
      }
    }
    return true;
  }

  static boolean anyContains(List<String> roots, String path) {
    return roots.stream().anyMatch(r -> contains(r, path));
  }

  static void checkNoOverlap(List<String> roots) throws BundleException {
    for (int i = 0; i < roots.size(); i++) {
      for (int j = i + 1; j < roots.size(); j++) {
        if (contains(roots.get(i), roots.get(j)) || contains(roots.get(j), roots.get(i))) {
          throw BundleException.invalid("manifest has overlapped roots: '" + roots.get(i) + "' and '" + roots.get(j) + "'");
        }
      }
    }
  }

  /** Go's rendering of a string slice: {@code [a b]}. */
  static String show(List<String> roots) {
    return "[" + String.join(" ", roots) + "]";
  }

  static void checkPackage(List<String> roots, List<String> packagePath, String module) throws BundleException {
    String ptr = String.join("/", packagePath);
    if (!anyContains(roots, ptr)) {
      throw BundleException.invalid("manifest roots " + show(roots) + " do not permit 'package " + String.join(".", packagePath)
          + "' in module '" + module + "'");
    }
  }

  /**
   * Every value of {@code data} must be under a root: a path a root contains is fine whatever it
   * holds; an object on the way to a root is looked into; anything else is outside the roots.
   */
  static void checkData(List<String> roots, JsonNode data, String path) throws BundleException {
    if (anyContains(roots, path)) {
      return;
    }
    if (data.isObject()) {
      boolean onTheWay = path.isEmpty() || roots.stream().anyMatch(r -> contains(path, r));
      if (onTheWay) {
        var it = data.fields();
        while (it.hasNext()) {
          var e = it.next();
          checkData(roots, e.getValue(), path.isEmpty() ? e.getKey() : path + "/" + e.getKey());
        }
        return;
      }
    }
    throw BundleException.invalid("manifest roots " + show(roots) + " do not permit data at path '/" + path
        + "' (hint: check bundle directory structure)");
  }
}
