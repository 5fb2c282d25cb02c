package dev.gavel.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a nested key of gavel.yaml is, as {@code file:line:col: }, for messages about a value the
 * YAML reader accepted but Gavel does not (the reader's own errors carry their position). Follows
 * block-style mappings by indentation; when the key cannot be found (flow style, aliases), the
 * nearest enclosing key found is named, and failing that the file.
 */
final class YamlLocation {
  private YamlLocation() {}

  /** {@code file:line:col: } of {@code path} (keys from the top level down) in {@code file}. */
  static String of(Path file, List<String> path) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      return file + ": ";
    }
    String[] lines = text.split("\n", -1);
    int from = 0;
    int parentIndent = -1;
    String found = file + ": ";
    for (String key : path) {
      Pattern p = Pattern.compile("^(\\s*)(- )?\"?" + Pattern.quote(key) + "\"?\\s*:.*");
      int hit = -1;
      for (int i = from; i < lines.length; i++) {
        String l = lines[i];
        if (l.isBlank() || l.stripLeading().startsWith("#")) {
          continue;
        }
        int indent = l.length() - l.stripLeading().length();
        if (i > from && indent <= parentIndent) {
          break;  // left the parent's block
        }
        var m = p.matcher(l);
        if (m.matches() && indent > parentIndent) {
          hit = i;
          parentIndent = indent + (m.group(2) == null ? 0 : 2);
          break;
        }
      }
      if (hit < 0) {
        return found;
      }
      found = file + ":" + (hit + 1) + ":" + (parentIndent + 1) + ": ";
      from = hit + 1;
    }
    return found;
  }
}
