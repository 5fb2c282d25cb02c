package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * time.*: nanoseconds since the Unix epoch as int64 (so years 1678..2262), Go reference layouts,
 * IANA zones from the JDK. The clock is the evaluation's, via the context.
 */
public final class TimeBuiltins implements BuiltinFamily {
  private static final BigInteger NS = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final Type NS_OR_TZ = Type.anyOf(Type.NUMBER, Type.tuple(Type.NUMBER, Type.STRING));
  /** time.format also takes a layout: [ns, zone, layout]. */
  private static final Type NS_ZONE_LAYOUT = Type.anyOf(Type.NUMBER, Type.tuple(Type.NUMBER, Type.STRING),
      Type.tuple(Type.NUMBER, Type.STRING, Type.STRING));
  private static final Type THREE_NUMBERS = Type.tuple(Type.NUMBER, Type.NUMBER, Type.NUMBER);

  @Override
  public void register(BuiltinRegistry r) {
    r.register(BuiltinDecl.of("time.now_ns", Type.NUMBER).asNondeterministic(),
        (ctx, a) -> NumberValue.of(nanos(ctx.now())));
    r.register(BuiltinDecl.of("time.parse_rfc3339_ns", Type.NUMBER, Param.of("value", Type.STRING)), (ctx, a) -> {
      String s = ((StringValue) a.get(0)).value();
      try {
        return NumberValue.of(checked(nanos(ZonedDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant())));
      } catch (DateTimeParseException e) {
        throw new BuiltinException("parsing time \"" + s + "\" as RFC 3339 failed: " + e.getMessage());
      }
    });
    r.register(BuiltinDecl.of("time.parse_ns", Type.NUMBER, Param.of("layout", Type.STRING), Param.of("value", Type.STRING)),
        (ctx, a) -> NumberValue.of(checked(nanos(GoTimeLayout.parse(((StringValue) a.get(0)).value(), ((StringValue) a.get(1)).value())))));
    r.register(BuiltinDecl.of("time.parse_duration_ns", Type.NUMBER, Param.of("duration", Type.STRING)),
        (ctx, a) -> NumberValue.of(GoDuration.parse(((StringValue) a.get(0)).value())));
    r.register(BuiltinDecl.of("time.date", THREE_NUMBERS, Param.of("x", NS_OR_TZ)), (ctx, a) -> {
      ZonedDateTime t = zoned(a.get(0));
      return ArrayValue.of(NumberValue.of(t.getYear()), NumberValue.of(t.getMonthValue()), NumberValue.of(t.getDayOfMonth()));
    });
    r.register(BuiltinDecl.of("time.clock", THREE_NUMBERS, Param.of("x", NS_OR_TZ)), (ctx, a) -> {
      ZonedDateTime t = zoned(a.get(0));
      return ArrayValue.of(NumberValue.of(t.getHour()), NumberValue.of(t.getMinute()), NumberValue.of(t.getSecond()));
    });
    r.register(BuiltinDecl.of("time.weekday", Type.STRING, Param.of("x", NS_OR_TZ)),
        (ctx, a) -> StringValue.of(zoned(a.get(0)).getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)));
    r.register(BuiltinDecl.of("time.add_date", Type.NUMBER, Param.of("ns", Type.NUMBER), Param.of("years", Type.NUMBER),
        Param.of("months", Type.NUMBER), Param.of("days", Type.NUMBER)), (ctx, a) -> {
          ZonedDateTime t = zoned(a.get(0));
          int y = Operands.integer(2, a.get(1));
          int m = Operands.integer(3, a.get(2));
          int d = Operands.integer(4, a.get(3));
          // Go normalises overflowing days/months (Jan 31 + 1 month = Mar 3), unlike java.time's clamping.
          LocalDate base = LocalDate.of(t.getYear(), 1, 1).plusYears(y).plusMonths(t.getMonthValue() - 1L + m);
          LocalDate date = base.plusDays(t.getDayOfMonth() - 1L + d);
          return NumberValue.of(checked(nanos(date.atTime(t.toLocalTime()).atZone(t.getZone()).toInstant())));
        });
    r.register(BuiltinDecl.of("time.diff", Type.tuple(Type.NUMBER, Type.NUMBER, Type.NUMBER, Type.NUMBER, Type.NUMBER, Type.NUMBER), Param.of("ns1", NS_OR_TZ), Param.of("ns2", NS_OR_TZ)),
        (ctx, a) -> diff(zoned(a.get(0)), zoned(a.get(1))));
    r.register(BuiltinDecl.of("time.format", Type.STRING, Param.of("x", NS_ZONE_LAYOUT)), (ctx, a) -> {
      Value x = a.get(0);
      String layout = "2006-01-02T15:04:05.999999999Z07:00";
      if (x instanceof ArrayValue arr && arr.size() == 3) {
        layout = ((StringValue) arr.get(2)).value();
      }
      return StringValue.of(GoTimeLayout.format(layout, zoned(x)));
    });
  }

  static BigInteger nanos(Instant i) {
    return BigInteger.valueOf(i.getEpochSecond()).multiply(NS).add(BigInteger.valueOf(i.getNano()));
  }

  private static BigInteger checked(BigInteger ns) {
    if (ns.compareTo(MIN) < 0 || ns.compareTo(MAX) > 0) {
      throw new BuiltinException("time outside of valid range");
    }
    return ns;
  }

  /** ns, or [ns, tz] / [ns, tz, layout]; tz "" or "UTC" is UTC, "Local" is UTC here (no host zone). */
  static ZonedDateTime zoned(Value x) {
    Value ns = x;
    ZoneId zone = ZoneOffset.UTC;
    if (x instanceof ArrayValue a) {
      if (a.size() < 1 || a.size() > 3) {
        throw new BuiltinException("timestamp array must be [ns, tz] or [ns, tz, layout]");
      }
      ns = a.get(0);
      if (a.size() >= 2) {
        if (!(a.get(1) instanceof StringValue tz)) {
          throw BuiltinException.operand(1, "string timezone", a.get(1).typeName());
        }
        zone = zone(tz.value());
      }
    }
    if (!(ns instanceof NumberValue n)) {
      throw BuiltinException.operand(1, "number", ns.typeName());
    }
    BigDecimal v = n.value();
    // Go's big.Float.Int64 must be exact: a fraction, like a value beyond int64, is "too big".
    if (!n.isInteger() || v.compareTo(new BigDecimal(MIN)) < 0 || v.compareTo(new BigDecimal(MAX)) > 0) {
      throw new BuiltinException("timestamp too big");
    }
    BigInteger total = v.toBigInteger();
    BigInteger[] qr = total.divideAndRemainder(NS);
    long secs = qr[0].longValue();
    long nano = qr[1].longValue();
    if (nano < 0) {
      secs--;
      nano += 1_000_000_000L;
    }
    return Instant.ofEpochSecond(secs, nano).atZone(zone);
  }

  static ZoneId zone(String tz) {
    if (tz.isEmpty() || tz.equals("UTC") || tz.equals("Local")) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(tz);
    } catch (DateTimeException e) {
      throw new BuiltinException("unknown time zone " + tz);
    }
  }

  /** Calendar difference [years, months, days, hours, minutes, seconds], larger time first. */
  private static Value diff(ZonedDateTime a, ZonedDateTime b) {
    ZonedDateTime from = a.isBefore(b) ? a : b;
    ZonedDateTime to = a.isBefore(b) ? b : a;
    to = to.withZoneSameInstant(from.getZone());
    int years = to.getYear() - from.getYear();
    int months = to.getMonthValue() - from.getMonthValue();
    int days = to.getDayOfMonth() - from.getDayOfMonth();
    int hours = to.getHour() - from.getHour();
    int minutes = to.getMinute() - from.getMinute();
    int seconds = to.getSecond() - from.getSecond();
    if (seconds < 0) {
      seconds += 60;
      minutes--;
    }
    if (minutes < 0) {
      minutes += 60;
      hours--;
    }
    if (hours < 0) {
      hours += 24;
      days--;
    }
    if (days < 0) {
      days += from.withDayOfMonth(1).plusMonths(1).minusDays(1).getDayOfMonth();
      months--;
    }
    if (months < 0) {
      months += 12;
      years--;
    }
    return ArrayValue.of(List.of(NumberValue.of(years), NumberValue.of(months), NumberValue.of(days),
        NumberValue.of(hours), NumberValue.of(minutes), NumberValue.of(seconds)));
  }

}
