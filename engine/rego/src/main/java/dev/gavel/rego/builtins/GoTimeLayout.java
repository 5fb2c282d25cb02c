package dev.gavel.rego.builtins;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Go's reference-time layouts ("2006-01-02T15:04:05Z07:00"): a layout is split into chunks, each a
 * literal or a field; parsing matches chunks in order, formatting renders them.
 */
final class GoTimeLayout {
  private GoTimeLayout() {}

  /** One layout chunk: a literal text or a field code. */
  private record Chunk(String field, String literal) {}

  private static final String[] FIELDS = {
      "January", "Jan", "Monday", "Mon", "MST", "2006", "002", "_2", "01", "02", "03", "04", "05", "06",
      "15", "PM", "pm", "Z07:00:00", "-07:00:00", "Z070000", "-070000", "Z07:00", "-07:00", "Z0700", "-0700",
      "Z07", "-07", "1", "2", "3", "4", "5"};

  /** Go's named layouts, accepted wherever a layout is. */
  private static final java.util.Map<String, String> NAMED = java.util.Map.ofEntries(
      java.util.Map.entry("ANSIC", "Mon Jan _2 15:04:05 2006"),
      java.util.Map.entry("UnixDate", "Mon Jan _2 15:04:05 MST 2006"),
      java.util.Map.entry("RubyDate", "Mon Jan 02 15:04:05 -0700 2006"),
      java.util.Map.entry("RFC822", "02 Jan 06 15:04 MST"),
      java.util.Map.entry("RFC822Z", "02 Jan 06 15:04 -0700"),
      java.util.Map.entry("RFC850", "Monday, 02-Jan-06 15:04:05 MST"),
      java.util.Map.entry("RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"),
      java.util.Map.entry("RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"),
      java.util.Map.entry("RFC3339", "2006-01-02T15:04:05Z07:00"),
      java.util.Map.entry("RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00"),
      java.util.Map.entry("Kitchen", "3:04PM"),
      java.util.Map.entry("Stamp", "Jan _2 15:04:05"),
      java.util.Map.entry("StampMilli", "Jan _2 15:04:05.000"),
      java.util.Map.entry("StampMicro", "Jan _2 15:04:05.000000"),
      java.util.Map.entry("StampNano", "Jan _2 15:04:05.000000000"),
      java.util.Map.entry("DateTime", "2006-01-02 15:04:05"),
      java.util.Map.entry("DateOnly", "2006-01-02"),
      java.util.Map.entry("TimeOnly", "15:04:05"));

  private static List<Chunk> chunks(String named) {
    String layout = NAMED.getOrDefault(named, named);
    List<Chunk> out = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    outer:
    while (i < layout.length()) {
      char c = layout.charAt(i);
      if ((c == '.' || c == ',') && i + 1 < layout.length() && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
        char d = layout.charAt(i + 1);
        int j = i + 1;
        while (j < layout.length() && layout.charAt(j) == d) {
          j++;
        }
        if (j >= layout.length() || !Character.isDigit(layout.charAt(j))) {
          flush(lit, out);
          out.add(new Chunk((d == '0' ? "frac0:" : "frac9:") + (j - i - 1), null));
          i = j;
          continue;
        }
      }
      for (String f : FIELDS) {
        if (layout.startsWith(f, i)) {
          // "Jan" inside "January"-like words and "2006" vs "2" are resolved by the order above.
          flush(lit, out);
          out.add(new Chunk(f, null));
          i += f.length();
          continue outer;
        }
      }
      lit.append(c);
      i++;
    }
    flush(lit, out);
    return out;
  }

  private static void flush(StringBuilder lit, List<Chunk> out) {
    if (lit.length() > 0) {
      out.add(new Chunk(null, lit.toString()));
      lit.setLength(0);
    }
  }

  static String format(String layout, ZonedDateTime t) {
    StringBuilder sb = new StringBuilder();
    for (Chunk c : chunks(layout)) {
      if (c.literal() != null) {
        sb.append(c.literal());
        continue;
      }
      String f = c.field();
      if (f.startsWith("frac")) {
        int n = Integer.parseInt(f.substring(6));
        String digits = String.format("%09d", t.getNano()).substring(0, Math.min(9, n));
        if (f.startsWith("frac9")) {
          digits = digits.replaceAll("0+$", "");
          if (!digits.isEmpty()) {
            sb.append('.').append(digits);
          }
        } else {
          sb.append('.').append(digits);
        }
        continue;
      }
      int off = t.getOffset().getTotalSeconds();
      switch (f) {
        case "January" -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case "Jan" -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case "Monday" -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case "Mon" -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case "MST" -> sb.append(zoneAbbrev(t));
        case "2006" -> sb.append(String.format("%04d", t.getYear()));
        case "06" -> sb.append(String.format("%02d", Math.floorMod(t.getYear(), 100)));
        case "002" -> sb.append(String.format("%03d", t.getDayOfYear()));
        case "_2" -> sb.append(String.format("%2d", t.getDayOfMonth()));
        case "01" -> sb.append(String.format("%02d", t.getMonthValue()));
        case "1" -> sb.append(t.getMonthValue());
        case "02" -> sb.append(String.format("%02d", t.getDayOfMonth()));
        case "2" -> sb.append(t.getDayOfMonth());
        case "15" -> sb.append(String.format("%02d", t.getHour()));
        case "03" -> sb.append(String.format("%02d", hour12(t)));
        case "3" -> sb.append(hour12(t));
        case "04" -> sb.append(String.format("%02d", t.getMinute()));
        case "4" -> sb.append(t.getMinute());
        case "05" -> sb.append(String.format("%02d", t.getSecond()));
        case "5" -> sb.append(t.getSecond());
        case "PM" -> sb.append(t.getHour() >= 12 ? "PM" : "AM");
        case "pm" -> sb.append(t.getHour() >= 12 ? "pm" : "am");
        default -> sb.append(offset(f, off));
      }
    }
    return sb.toString();
  }

  private static int hour12(ZonedDateTime t) {
    int h = t.getHour() % 12;
    return h == 0 ? 12 : h;
  }

  private static String zoneAbbrev(ZonedDateTime t) {
    if (t.getZone().equals(ZoneOffset.UTC)) {
      return "UTC";
    }
    String name = t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    return name.startsWith("GMT") || name.contains("/") ? offset("-0700", t.getOffset().getTotalSeconds()) : name;
  }

  private static String offset(String f, int off) {
    if (f.startsWith("Z") && off == 0) {
      return "Z";
    }
    char sign = off < 0 ? '-' : '+';
    int a = Math.abs(off);
    int h = a / 3600;
    int m = a / 60 % 60;
    int s = a % 60;
    String body = f.substring(1);
    switch (body) {
      case "07:00:00":
        return String.format("%c%02d:%02d:%02d", sign, h, m, s);
      case "070000":
        return String.format("%c%02d%02d%02d", sign, h, m, s);
      case "07:00":
        return String.format("%c%02d:%02d", sign, h, m);
      case "0700":
        return String.format("%c%02d%02d", sign, h, m);
      default:
        return String.format("%c%02d", sign, h);
    }
  }

  /** Parses a value with a layout; errors read like Go's. */
  static Instant parse(String layout, String value) {
    int year = 1;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int nano = 0;
    int yday = -1;
    Boolean pm = null;
    ZoneId zone = ZoneOffset.UTC;
    int i = 0;
    List<Chunk> chunks = chunks(layout);
    for (int ci = 0; ci < chunks.size(); ci++) {
      Chunk c = chunks.get(ci);
      if (c.literal() != null) {
        if (!value.startsWith(c.literal(), i)) {
          throw bad(layout, value, i, c.literal());
        }
        i += c.literal().length();
        continue;
      }
      String f = c.field();
      if (f.startsWith("frac")) {
        if (i < value.length() && (value.charAt(i) == '.' || value.charAt(i) == ',')) {
          int j = i + 1;
          while (j < value.length() && Character.isDigit(value.charAt(j))) {
            j++;
          }
          String digits = (value.substring(i + 1, j) + "000000000").substring(0, 9);
          nano = Integer.parseInt(digits);
          i = j;
        } else if (f.startsWith("frac0")) {
          throw bad(layout, value, i, f);
        }
        continue;
      }
      switch (f) {
        case "January", "Jan" -> {
          Month found = null;
          for (Month m : Month.values()) {
            String name = m.getDisplayName(f.equals("Jan") ? TextStyle.SHORT : TextStyle.FULL, Locale.ENGLISH);
            if (value.regionMatches(true, i, name, 0, name.length())) {
              found = m;
              i += name.length();
              break;
            }
          }
          if (found == null) {
            throw bad(layout, value, i, f);
          }
          month = found.getValue();
        }
        case "Monday", "Mon" -> {
          boolean ok = false;
          for (DayOfWeek d : DayOfWeek.values()) {
            String name = d.getDisplayName(f.equals("Mon") ? TextStyle.SHORT : TextStyle.FULL, Locale.ENGLISH);
            if (value.regionMatches(true, i, name, 0, name.length())) {
              i += name.length();
              ok = true;
              break;
            }
          }
          if (!ok) {
            throw bad(layout, value, i, f);
          }
        }
        case "MST" -> {
          int j = i;
          while (j < value.length() && Character.isUpperCase(value.charAt(j))) {
            j++;
          }
          if (j - i < 3) {
            throw bad(layout, value, i, f);
          }
          i = j;
        }
        case "2006" -> {
          year = digits(value, i, 4, 4, layout);
          i += 4;
        }
        case "06" -> {
          int y = digits(value, i, 2, 2, layout);
          year = y >= 69 ? 1900 + y : 2000 + y;
          i += 2;
        }
        case "002" -> {
          yday = digits(value, i, 3, 3, layout);
          i += 3;
        }
        case "01", "02", "03", "04", "05", "15" -> {
          int v = digits(value, i, 2, 2, layout);
          i += 2;
          switch (f) {
            case "01" -> month = v;
            case "02" -> day = v;
            case "03", "15" -> hour = v;
            case "04" -> minute = v;
            default -> second = v;
          }
          if (f.equals("05")) {
            int[] frac = fractionAfterSeconds(value, i, chunks, ci);
            if (frac != null) {
              i = frac[0];
              nano = frac[1];
            }
          }
        }
        case "_2" -> {
          if (i < value.length() && value.charAt(i) == ' ') {
            i++;
          }
          int n = countDigits(value, i, 2);
          day = digits(value, i, 1, n, layout);
          i += n;
        }
        case "1", "2", "3", "4", "5" -> {
          int n = countDigits(value, i, 2);
          int v = digits(value, i, 1, n, layout);
          i += n;
          switch (f) {
            case "1" -> month = v;
            case "2" -> day = v;
            case "3" -> hour = v;
            case "4" -> minute = v;
            default -> second = v;
          }
          if (f.equals("5")) {
            int[] frac = fractionAfterSeconds(value, i, chunks, ci);
            if (frac != null) {
              i = frac[0];
              nano = frac[1];
            }
          }
        }
        case "PM", "pm" -> {
          if (value.regionMatches(true, i, "PM", 0, 2)) {
            pm = true;
          } else if (value.regionMatches(true, i, "AM", 0, 2)) {
            pm = false;
          } else {
            throw bad(layout, value, i, f);
          }
          i += 2;
        }
        default -> {
          if (f.startsWith("Z") && i < value.length() && value.charAt(i) == 'Z') {
            i++;
            zone = ZoneOffset.UTC;
            break;
          }
          int j = i;
          if (j >= value.length() || (value.charAt(j) != '+' && value.charAt(j) != '-')) {
            throw bad(layout, value, i, f);
          }
          int sign = value.charAt(j) == '-' ? -1 : 1;
          j++;
          int h = digits(value, j, 2, 2, layout);
          j += 2;
          int m = 0;
          int s = 0;
          String body = f.substring(1);
          if (!body.equals("07")) {
            if (body.contains(":")) {
              j++;
            }
            m = digits(value, j, 2, 2, layout);
            j += 2;
            if (body.length() > 5) {
              if (body.startsWith("07:00:")) {
                j++;
              }
              s = digits(value, j, 2, 2, layout);
              j += 2;
            }
          }
          zone = ZoneOffset.ofTotalSeconds(sign * (h * 3600 + m * 60 + s));
          i = j;
        }
      }
    }
    if (i != value.length()) {
      throw new BuiltinException("parsing time \"" + value + "\": extra text: \"" + value.substring(i) + "\"");
    }
    if (pm != null) {
      if (hour > 12) {
        throw new BuiltinException("parsing time \"" + value + "\": hour out of range");
      }
      hour = pm ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour);
    }
    try {
      LocalDateTime ldt = yday > 0 ? LocalDateTime.of(year, 1, 1, hour, minute, second, nano).plusDays(yday - 1L)
          : LocalDateTime.of(year, month, day, hour, minute, second, nano);
      return ldt.atZone(zone).toInstant();
    } catch (java.time.DateTimeException e) {
      throw new BuiltinException("parsing time \"" + value + "\": " + e.getMessage());
    }
  }

  /**
   * Go accepts a fractional second right after the seconds even when the layout has none:
   * {end, nanoseconds}, or null when there is none to take (or the layout's next field takes it).
   */
  private static int[] fractionAfterSeconds(String value, int i, List<Chunk> chunks, int ci) {
    if (i + 1 >= value.length() || (value.charAt(i) != '.' && value.charAt(i) != ',')
        || !Character.isDigit(value.charAt(i + 1))) {
      return null;
    }
    if (ci + 1 < chunks.size() && chunks.get(ci + 1).field() != null && chunks.get(ci + 1).field().startsWith("frac")) {
      return null;
    }
    int j = i + 1;
    while (j < value.length() && Character.isDigit(value.charAt(j))) {
      j++;
    }
    String digits = (value.substring(i + 1, Math.min(j, i + 10)) + "000000000").substring(0, 9);
    return new int[] {j, Integer.parseInt(digits)};
  }

  private static int countDigits(String v, int i, int max) {
    int n = 0;
    while (i + n < v.length() && n < max && Character.isDigit(v.charAt(i + n))) {
      n++;
    }
    return Math.max(n, 1);
  }

  private static int digits(String v, int i, int min, int max, String layout) {
    if (i + min > v.length()) {
      throw bad(layout, v, i, "digits");
    }
    int end = Math.min(v.length(), i + max);
    String d = v.substring(i, end);
    if (d.length() < min || !d.chars().allMatch(Character::isDigit)) {
      throw bad(layout, v, i, "digits");
    }
    return Integer.parseInt(d);
  }

  private static BuiltinException bad(String layout, String value, int at, String expected) {
    return new BuiltinException("parsing time \"" + value + "\" as \"" + layout + "\": cannot parse \""
        + (at <= value.length() ? value.substring(at) : "") + "\" as \"" + expected + "\"");
  }
}
