package dev.gavel.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.Json;
import dev.gavel.testkit.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Node.js, the npm packages of src/test/browser (playwright-core, axe-core; pinned in its
 * package-lock.json and installed with {@code npm ci} from the npm registry) and Debian's Chromium
 * (from {@code scripts/chromium.sh}, which apt-get installs it when it is missing), for the
 * console's browser tests. Each says why it cannot be had, so the tests skip with that message.
 */
final class BrowserTools {
  static final Path DIR = SharedFiles.repo().resolve("adapters/http/src/test/browser");
  private static String chromium;
  private static String why;

  private BrowserTools() {}

  /** Why node or npm is missing, or empty when both are on PATH. */
  static Optional<String> nodeMissing() {
    return onPath("node") && onPath("npm") ? Optional.empty()
        : Optional.of("node or npm is not on PATH: the console's browser tests need Node.js (for Playwright) and are skipped");
  }

  /** Installs the pinned packages when they are not yet (npm ci); fails the test when npm fails. */
  static synchronized void npmPackages() throws Exception {
    if (Files.isDirectory(DIR.resolve("node_modules/playwright-core")) && Files.isDirectory(DIR.resolve("node_modules/axe-core"))) {
      return;
    }
    Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts").directory(DIR.toFile())
        .redirectErrorStream(true).start();
    String log = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(install.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(install.exitValue()).as("npm ci in " + DIR + ":\n" + log).isZero();
  }

  /** The Chromium to drive ($GAVEL_CHROMIUM, else what scripts/chromium.sh finds or installs), or why there is none. */
  static synchronized String chromium() {
    if (chromium != null || why != null) {
      return chromium;
    }
    String env = System.getenv("GAVEL_CHROMIUM");
    if (env != null && !env.isBlank()) {
      if (Files.isExecutable(Path.of(env))) {
        return chromium = env;
      }
      why = "GAVEL_CHROMIUM=" + env + " is not an executable";
      return null;
    }
    try {
      Process p = new ProcessBuilder("bash", SharedFiles.repo().resolve("scripts/chromium.sh").toString())
          .redirectError(ProcessBuilder.Redirect.PIPE).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(900, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
        why = "scripts/chromium.sh found no Chromium and could not install one: " + tail(err);
        return null;
      }
      return chromium = out;
    } catch (IOException e) {
      why = "scripts/chromium.sh could not run: " + e.getMessage();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why = "interrupted while looking for Chromium";
      return null;
    }
  }

  static String chromiumMissing() {
    return chromium() == null ? why + ": the console's browser tests are skipped" : null;
  }

  /** Runs a Node script of src/test/browser with arguments; its stdout's last line is JSON. */
  static JsonNode runJson(List<String> command, long timeoutSeconds) throws Exception {
    Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
    // Drain stderr on its own thread so a chatty child never blocks on a full pipe.
    StringBuilder err = new StringBuilder();
    Thread t = new Thread(() -> {
      try {
        err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        err.append(e);
      }
    });
    t.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    t.join(5000);
    assertThat(ended).as(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s\n" + err).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out + err).isZero();
    String[] lines = out.strip().split("\n");
    return Json.read(lines[lines.length - 1]);
  }

  private static String tail(String s) {
    return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
