package dev.gavel.opa;

import dev.gavel.core.port.PolicySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OPA's Policy API compiles each module it is given together with those already loaded, so two
 * modules of one package that use each other's rules (as a policy library split over files does)
 * cannot be put one at a time. This joins the modules of each package into one module per
 * package: one package line, their imports once, then each file's rules, and keeps where each line
 * came from so OPA's errors can be named by the original file and line.
 */
final class PackageModules {
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+(\\S+)\\s*(#.*)?$");
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(\\S+)(?:\\s+as\\s+(\\S+))?\\s*(#.*)?$");

  private PackageModules() {}

  /** One joined module: its id, text, and for each of its lines the original {@code file:line} (null for generated lines). */
  record Joined(String id, String text, List<String> origins) {
    /** "file:line" of line {@code n} (1-based) of the joined text, or the id when unknown. */
    String origin(int n) {
      if (n >= 1 && n <= origins.size() && origins.get(n - 1) != null) {
        return origins.get(n - 1);
      }
      // past the end (an unexpected end of file): the last file's line after its last one
      String last = origins.isEmpty() ? null : origins.get(origins.size() - 1);
      if (n > origins.size() && last != null) {
        int colon = last.lastIndexOf(':');
        return last.substring(0, colon) + ":" + (Integer.parseInt(last.substring(colon + 1)) + n - origins.size());
      }
      return id + ":" + n;
    }
  }

  /** The joined modules, one per package, ids {@code prefix + package path}. */
  static List<Joined> join(List<PolicySnapshot.Module> modules, String prefix) {
    Map<String, List<PolicySnapshot.Module>> byPackage = new LinkedHashMap<>();
    Map<PolicySnapshot.Module, Integer> bodyStart = new LinkedHashMap<>();
    for (PolicySnapshot.Module m : modules) {
      String[] lines = m.text().split("\n", -1);
      String pkg = null;
      int i = 0;
      for (; i < lines.length; i++) {
        String l = lines[i].strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        Matcher p = PACKAGE.matcher(l);
        if (!p.matches()) {
          throw new IllegalArgumentException(m.path() + ":" + (i + 1) + ": expected the package declaration first");
        }
        pkg = p.group(1);
        break;
      }
      if (pkg == null) {
        throw new IllegalArgumentException(m.path() + ": no package declaration");
      }
      byPackage.computeIfAbsent(pkg, k -> new ArrayList<>()).add(m);
      bodyStart.put(m, i + 1);
    }
    List<Joined> out = new ArrayList<>();
    for (Map.Entry<String, List<PolicySnapshot.Module>> e : byPackage.entrySet()) {
      StringBuilder imports = new StringBuilder();
      List<String> importOrigins = new ArrayList<>();
      Set<String> seenImports = new LinkedHashSet<>();
      Map<String, String> aliases = new LinkedHashMap<>();
      StringBuilder body = new StringBuilder();
      List<String> bodyOrigins = new ArrayList<>();
      for (PolicySnapshot.Module m : e.getValue()) {
        String[] lines = m.text().split("\n", -1);
        boolean inImports = true;
        for (int i = bodyStart.get(m); i < lines.length; i++) {
          String l = lines[i].strip();
          Matcher im = IMPORT.matcher(l);
          if (inImports && im.matches()) {
            String path = im.group(1);
            String alias = im.group(2) != null ? im.group(2) : path.substring(path.lastIndexOf('.') + 1);
            String before = aliases.putIfAbsent(alias, path);
            if (before != null && !before.equals(path)) {
              throw new IllegalArgumentException(m.path() + ":" + (i + 1) + ": imports " + path + " as " + alias + " but another module "
                  + "of package " + e.getKey() + " imports " + before + " under that name; OPA's Policy API needs one module per package");
            }
            if (seenImports.add(path + " as " + alias)) {
              imports.append(lines[i]).append('\n');
              importOrigins.add(m.path() + ":" + (i + 1));
            }
            continue;
          }
          if (inImports && (l.isEmpty() || l.startsWith("#"))) {
            body.append(lines[i]).append('\n');
            bodyOrigins.add(m.path() + ":" + (i + 1));
            continue;
          }
          inImports = false;
          body.append(lines[i]).append('\n');
          bodyOrigins.add(m.path() + ":" + (i + 1));
        }
      }
      List<String> origins = new ArrayList<>();
      origins.add(null);
      origins.addAll(importOrigins);
      origins.addAll(bodyOrigins);
      out.add(new Joined(prefix + e.getKey(), "package " + e.getKey() + "\n" + imports + body, origins));
    }
    return out;
  }
}
