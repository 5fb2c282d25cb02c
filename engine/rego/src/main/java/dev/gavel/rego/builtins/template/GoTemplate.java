package dev.gavel.rego.builtins.template;

import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NullValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's text/template, as strings.render_template uses it: parse the template, execute it over the
 * variables (JSON-shaped, numbers as Go's json.Number), and show missing values as
 * {@code <undefined>} where Go writes {@code <no value>}.
 */
public final class GoTemplate {
  private GoTemplate() {}

  /**
   * Renders {@code template} over {@code variables}.
   *
   * @param outputLimit the most characters the output may have (templates can loop)
   * @throws TemplateException with Go's message when the template does not parse or execute
   */
  public static String render(String template, ObjectValue variables, long outputLimit) {
    List<TemplateParser.Node> main = new ArrayList<>();
    TemplateParser p = TemplateParser.parse(template, main);
    StringBuilder out = new StringBuilder();
    new TemplateExec(template, p.defined, out, outputLimit).run(main, data(variables));
    return out.toString().replace("<no value>", "<undefined>");
  }

  /** A Rego value as the Go value json decoding gives (sets become arrays, as in JSON). */
  static Object data(Value v) {
    if (v instanceof NullValue) {
      return null;
    } else if (v instanceof BooleanValue b) {
      return b.value();
    } else if (v instanceof NumberValue n) {
      // Go keeps a JSON number's text; the decimal's scale remembers most of it (1.50, 1e3).
      java.math.BigDecimal d = n.value();
      return new GoFmt.JsonNumber(d.scale() < 0 ? d.unscaledValue() + "e" + (-d.scale()) : d.toPlainString());
    } else if (v instanceof StringValue s) {
      return s.value();
    } else if (v instanceof ArrayValue a) {
      List<Object> out = new ArrayList<>();
      for (Value e : a.elements()) {
        out.add(data(e));
      }
      return out;
    } else if (v instanceof SetValue s) {
      List<Object> out = new ArrayList<>();
      for (Value e : s.elements()) {
        out.add(data(e));
      }
      return out;
    }
    ObjectValue o = (ObjectValue) v;
    Map<String, Object> out = new TreeMap<>();
    for (Value k : o.keys()) {
      out.put(k instanceof StringValue s ? s.value() : dev.gavel.rego.value.JsonValues.keyText(k), data(o.get(k)));
    }
    return out;
  }
}
