package dev.gavel.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The web console (DESIGN 3.8): {@code GET /} answers the shell page and {@code GET /console/*}
 * the files listed in {@code console/FILES} on the class path, nothing else (no directory
 * listings, no path resolution: a name either is in the list or is 404). The shell is anonymous;
 * everything it shows comes through the authenticated API with the user's token, so the console
 * can do nothing that token cannot. Every answer carries a Content-Security-Policy that allows
 * scripts, styles and connections from this origin only (no inline script or style, no other
 * origin, no framing), nosniff and no-referrer. Files are loaded once at start, with an ETag.
 */
final class ConsoleRoutes {
  /** What the browser may load: this origin's files and API only. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
      + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final String ROOT = "console/";
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
      "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "txt",
      "text/plain; charset=utf-8", "png", "image/png");

  private record Asset(Buffer bytes, String type, String etag) {}

  private final Map<String, Asset> assets;

  private ConsoleRoutes(Map<String, Asset> assets) {
    this.assets = Map.copyOf(assets);
  }

  /** Loads every file {@code console/FILES} names; a listed file that is missing is an error (a broken build). */
  static ConsoleRoutes load() {
    ClassLoader cl = ConsoleRoutes.class.getClassLoader();
    String list = new String(read(cl, ROOT + "FILES"), StandardCharsets.UTF_8);
    Map<String, Asset> m = new HashMap<>();
    for (String line : list.split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      if (name.contains("..") || name.startsWith("/") || name.contains("\\")) {
        throw new IllegalStateException("console/FILES: not a plain relative name: " + name);
      }
      String ext = name.substring(name.lastIndexOf('.') + 1);
      String type = TYPES.get(ext);
      if (type == null) {
        throw new IllegalStateException("console/FILES: no content type for " + name);
      }
      byte[] b = read(cl, ROOT + name);
      m.put(name, new Asset(Buffer.buffer(b), type, "\"" + sha256(b).substring(0, 32) + "\""));
    }
    if (!m.containsKey("index.html")) {
      throw new IllegalStateException("console/FILES does not list index.html");
    }
    return new ConsoleRoutes(m);
  }

  /** The file names served under /console/ (for tests). */
  java.util.Set<String> names() {
    return assets.keySet();
  }

  void index(RoutingContext ctx) {
    serve(ctx, "index.html");
  }

  void file(RoutingContext ctx) {
    String path = ctx.request().path();
    String name = path.startsWith("/console/") ? path.substring("/console/".length()) : "";
    serve(ctx, name);
  }

  private void serve(RoutingContext ctx, String name) {
    Asset a = assets.get(name);
    headers(ctx);
    if (a == null) {
      Replies.problem(ctx, Problem.notFound("no console file " + ctx.request().path()));
      return;
    }
    ctx.response().putHeader("ETag", a.etag()).putHeader("Cache-Control", "no-cache");
    if (a.etag().equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().putHeader("Content-Type", a.type()).end(a.bytes());
  }

  /** The security headers of every console answer (also on its 404s). */
  static void headers(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer").putHeader("X-Frame-Options", "DENY")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin").putHeader("Cross-Origin-Resource-Policy", "same-origin")
        .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  }

  private static byte[] read(ClassLoader cl, String resource) {
    try (InputStream in = cl.getResourceAsStream(resource)) {
      Objects.requireNonNull(in, () -> "the console resource " + resource + " is missing from the class path");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the console resource " + resource + ": " + e.getMessage(), e);
    }
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
