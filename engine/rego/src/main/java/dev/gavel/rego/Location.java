package dev.gavel.rego;

/**
 * A position in a source file: 1-based line and column (columns count characters).
 * {@code file} is the name the source was loaded under (e.g. {@code policies/release.rego}).
 */
public record Location(String file, int line, int column) {
  public static final Location NONE = new Location("", 0, 0);

  public Location {
    file = file == null ? "" : file;
  }

  @Override
  public String toString() {
    if (line <= 0) {
      return file;
    }
    return file + ":" + line + ":" + column;
  }
}
