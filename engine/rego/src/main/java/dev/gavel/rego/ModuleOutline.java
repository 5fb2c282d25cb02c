package dev.gavel.rego;

import dev.gavel.rego.ast.Annotation;
import dev.gavel.rego.ast.Module;
import dev.gavel.rego.ast.Rule;
import dev.gavel.rego.ast.Term;
import dev.gavel.rego.syntax.RegoParser;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a module declares, read by the parser without compiling it: its package path, its rules
 * with where they start, and the METADATA annotations on the package and on each rule (as
 * {@code opa inspect} lists them). Tools outside the engine use this to check a module's package
 * against bundle roots and to show annotations, without reaching into the AST.
 */
public record ModuleOutline(String file, List<String> packagePath, List<AnnotationBlock> annotations, List<RuleOutline> rules) {
  public ModuleOutline {
    Objects.requireNonNull(file, "file");
    packagePath = List.copyOf(packagePath);
    annotations = List.copyOf(annotations);
    rules = List.copyOf(rules);
  }

  /** One METADATA block: its scope ({@code package}, {@code rule}, {@code document}, {@code subpackages}) and fields. */
  public record AnnotationBlock(String scope, Value fields, Location location) {
    public AnnotationBlock {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(fields, "fields");
      Objects.requireNonNull(location, "location");
    }

    /** The block's {@code title}, or null. */
    public String title() {
      return fields instanceof dev.gavel.rego.value.ObjectValue o && o.get("title") instanceof StringValue s ? s.value() : null;
    }

    /** The block's {@code description}, or null. */
    public String description() {
      return fields instanceof dev.gavel.rego.value.ObjectValue o && o.get("description") instanceof StringValue s ? s.value() : null;
    }
  }

  /**
   * One rule: {@code path} is its full reference ({@code data.gavel.release.deny}), {@code kind}
   * one of {@code rule}, {@code multi-value}, {@code function}; {@code isDefault} for default rules.
   */
  public record RuleOutline(String path, String kind, boolean isDefault, Location location, List<AnnotationBlock> annotations) {
    public RuleOutline {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(location, "location");
      annotations = List.copyOf(annotations);
    }

    /**
     * The rule's title, as an explanation shows it: that of its nearest {@code rule}-scoped block
     * with a title, else that of its {@code document}-scoped block; null when none has one (the
     * same title the engine reports through {@link RuleTrace}).
     */
    public String title() {
      AnnotationBlock nearest = null;
      String document = null;
      for (AnnotationBlock a : annotations) {
        String t = a.title();
        if (t == null) {
          continue;
        }
        if (a.scope().equals("rule") && (nearest == null || a.location().line() > nearest.location().line())) {
          nearest = a;
        } else if (a.scope().equals("document")) {
          document = t;
        }
      }
      return nearest != null ? nearest.title() : document;
    }
  }

  /**
   * Parses {@code source} (Rego v1) named {@code file}.
   *
   * @throws RegoException rego_parse_error with file:line:col when it does not parse
   */
  public static ModuleOutline of(String file, String source) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(source, "source");
    Module m = RegoParser.parseModule(file, source);
    List<String> pkg = new ArrayList<>();
    for (Term t : m.packagePath().path()) {
      pkg.add(segment(t));
    }
    String prefix = "data" + render(m.packagePath().path());
    List<RuleOutline> rules = new ArrayList<>();
    for (Rule r : m.rules()) {
      String kind = r.isFunction() ? "function" : r.isMultiValue() ? "multi-value" : "rule";
      String path = prefix + "." + headName(r.ref()) + render(r.ref().path());
      rules.add(new RuleOutline(path, kind, r.isDefault(), r.location(), blocks(r.annotations())));
    }
    return new ModuleOutline(file, pkg, blocks(m.annotations()), rules);
  }

  private static List<AnnotationBlock> blocks(List<Annotation> as) {
    List<AnnotationBlock> out = new ArrayList<>();
    for (Annotation a : as) {
      out.add(new AnnotationBlock(a.scope(), a.fields(), a.location()));
    }
    return out;
  }

  private static String headName(Term.Ref ref) {
    return ref.head() instanceof Term.Var v ? v.name() : "?";
  }

  /** A package path element: a string scalar (dotted or quoted name). */
  private static String segment(Term t) {
    if (t instanceof Term.Scalar s && s.value() instanceof StringValue sv) {
      return sv.value();
    }
    if (t instanceof Term.Var v) {
      return v.name();
    }
    throw new IllegalStateException("package path element is not a name: " + t);
  }

  /** {@code .a.b["c d"][x]}: names that are identifiers dotted, other strings quoted, variables bracketed. */
  private static String render(List<Term> path) {
    StringBuilder sb = new StringBuilder();
    for (Term t : path) {
      if (t instanceof Term.Scalar s && s.value() instanceof StringValue sv) {
        String n = sv.value();
        if (n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          sb.append('.').append(n);
        } else {
          sb.append("[").append(dev.gavel.json.JsonStrings.quote(n)).append("]");
        }
      } else if (t instanceof Term.Var v) {
        sb.append('[').append(v.name()).append(']');
      } else if (t instanceof Term.Scalar s) {
        sb.append('[').append(dev.gavel.rego.value.JsonValues.toJson(s.value())).append(']');
      } else {
        sb.append("[_]");
      }
    }
    return sb.toString();
  }
}
