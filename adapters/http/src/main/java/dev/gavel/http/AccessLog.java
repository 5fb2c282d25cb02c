package dev.gavel.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.http.auth.Principal;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The structured access log: one JSON object per request ({@code time, remote, method, path,
 * status, bytes, ms, route, principal, identity, decisionId, reason}) to standard output, a file,
 * or nowhere ({@code off}). The path is logged without its query string (a Data API GET may carry
 * its input there) and no header is logged, so no token, key or input ever reaches it.
 */
final class AccessLog implements AutoCloseable {
  private final PrintStream out;
  private final boolean owned;

  private AccessLog(PrintStream out, boolean owned) {
    this.out = out;
    this.owned = owned;
  }

  static AccessLog open(String where, PrintStream stdout) throws IOException {
    if (where.equals("off")) {
      return new AccessLog(null, false);
    }
    if (where.equals("-")) {
      return new AccessLog(stdout, false);
    }
    OutputStream f = new BufferedOutputStream(new FileOutputStream(Path.of(where).toFile(), true));
    return new AccessLog(new PrintStream(f, false, StandardCharsets.UTF_8), true);
  }

  /** One entry; {@code decisionId} and {@code reason} may be null. */
  void log(String remote, String method, String path, int status, long bytes, long nanos, String route, Principal p,
      String decisionId, String reason) {
    if (out == null) {
      return;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("time", Instant.now().toString());
    o.put("remote", remote);
    o.put("method", method);
    o.put("path", path);
    o.put("status", status);
    o.put("bytes", bytes);
    o.put("ms", Math.round(nanos / 1e4) / 100.0);
    if (route != null) {
      o.put("route", route);
    }
    if (p != null) {
      o.put("principal", p.key());
      if (p.identity() != null) {
        o.put("identity", p.identity());
      }
    }
    if (decisionId != null) {
      o.put("decisionId", decisionId);
    }
    if (reason != null) {
      o.put("reason", reason);
    }
    String line = o.toString();
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  @Override
  public void close() {
    if (owned && out != null) {
      out.close();
    }
  }
}
