package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.StringValue;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** semver.is_valid and semver.compare per Semantic Versioning 2.0.0 (no leading "v"). */
public final class SemverBuiltins implements BuiltinFamily {
  private static final Pattern SEMVER = Pattern.compile(
      "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("semver.is_valid", Type.BOOLEAN, Param.of("vsn", Type.ANY)),
        (ctx, a) -> BooleanValue.of(a.get(0) instanceof StringValue s && SEMVER.matcher(s.value()).matches()));
    r.register(BuiltinDecl.of("semver.compare", Type.NUMBER, Param.of("a", Type.STRING), Param.of("b", Type.STRING)),
        (ctx, a) -> NumberValue.of(compare(parse(1, a.get(0)), parse(2, a.get(1)))));
  }

  private static Matcher parse(int position, dev.gavel.rego.value.Value v) {
    String s = ((StringValue) v).value();
    Matcher m = SEMVER.matcher(s);
    if (!m.matches()) {
      throw new BuiltinException("operand " + position + ": string \"" + s + "\" is not a valid SemVer");
    }
    return m;
  }

  private static int compare(Matcher a, Matcher b) {
    for (int g = 1; g <= 3; g++) {
      int c = new BigInteger(a.group(g)).compareTo(new BigInteger(b.group(g)));
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    String pa = a.group(4);
    String pb = b.group(4);
    if (pa == null || pb == null) {
      return pa == null ? (pb == null ? 0 : 1) : -1;
    }
    String[] xa = pa.split("\\.");
    String[] xb = pb.split("\\.");
    for (int i = 0; i < Math.min(xa.length, xb.length); i++) {
      boolean na = xa[i].chars().allMatch(Character::isDigit);
      boolean nb = xb[i].chars().allMatch(Character::isDigit);
      int c;
      if (na && nb) {
        c = new BigInteger(xa[i]).compareTo(new BigInteger(xb[i]));
      } else if (na || nb) {
        c = na ? -1 : 1;
      } else {
        c = xa[i].compareTo(xb[i]);
      }
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    return Integer.signum(Integer.compare(xa.length, xb.length));
  }
}
