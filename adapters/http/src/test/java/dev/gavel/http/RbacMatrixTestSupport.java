package dev.gavel.http;

import dev.gavel.http.auth.Role;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads counters back from a test server's /metrics. */
final class RbacMatrixTestSupport {
  private RbacMatrixTestSupport() {}

  /** How many policy evaluations the server has made. */
  static long evaluations(ServerFixture fx) throws Exception {
    String text = fx.get("/metrics", Role.ADMIN).body();
    Matcher m = Pattern.compile("(?m)^gavel_evaluation_seconds_count(?:\\{[^}]*\\})? ([0-9.E]+)").matcher(text);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }
}
