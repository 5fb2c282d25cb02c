package dev.gavel.rego.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.rego.EvalLimits;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.RegoError;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.Rego;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Runs conformance cases the way OPA's own runner does: compile the modules, evaluate the query
 * over data and input, and compare solutions as sets of JSON maps, or the error code and message.
 * Each case runs on its own daemon thread with a deadline, so no case can crash or stall the run.
 */
public final class ConformanceRunner {
  /** A fixed clock so results are reproducible. */
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final Duration timeout;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "conformance-case");
    t.setDaemon(true);
    return t;
  });

  public ConformanceRunner(Duration timeout) {
    this.timeout = timeout;
  }

  public CaseResult run(ConformanceCase c) {
    long start = System.nanoTime();
    AtomicBoolean cancel = new AtomicBoolean();
    Future<CaseResult> f = pool.submit(() -> runDirect(c, cancel));
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      cancel.set(true);
      f.cancel(true);
      return new CaseResult(c, CaseResult.Status.FAILED, "timed out after " + timeout.toMillis() + " ms", elapsed(start));
    } catch (ExecutionException e) {
      return new CaseResult(c, CaseResult.Status.FAILED, "runner crash: " + e.getCause(), elapsed(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CaseResult(c, CaseResult.Status.FAILED, "interrupted", elapsed(start));
    }
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private CaseResult runDirect(ConformanceCase c, AtomicBoolean cancel) {
    long start = System.nanoTime();
    try {
      String detail = check(c, cancel);
      return new CaseResult(c, detail == null ? CaseResult.Status.PASSED : CaseResult.Status.FAILED, detail, elapsed(start));
    } catch (StackOverflowError e) {
      return new CaseResult(c, CaseResult.Status.FAILED, "stack overflow", elapsed(start));
    } catch (RuntimeException e) {
      return new CaseResult(c, CaseResult.Status.FAILED, "unexpected exception: " + e, elapsed(start));
    }
  }

  /** Null when the case passes, else why not. */
  private static String check(ConformanceCase c, AtomicBoolean cancel) {
    List<Map<String, Value>> results;
    try {
      Rego.Builder b = Rego.builder();
      for (int i = 0; i < c.modules().size(); i++) {
        b.module("test-" + i + ".rego", c.modules().get(i));
      }
      if (c.data() != null && c.data().isObject()) {
        b.data(JsonValues.fromJson(c.data()));
      }
      Rego rego = b.build();
      Value input = null;
      // OPA's suite is trusted and OPA has no such limits; the per-case deadline (cancel) is
      // what stops a runaway case here.
      EvalOptions opts = EvalOptions.at(NOW).strict(c.strictError()).cancelWhen(cancel::get).limits(EvalLimits.UNLIMITED);
      if (c.inputTerm() != null) {
        List<Map<String, Value>> in = Rego.builder().build().query("__input__ = " + c.inputTerm(), null, opts);
        input = in.isEmpty() ? null : in.get(0).get("__input__");
      } else if (c.input() != null) {
        input = JsonValues.fromJson(c.input());
      }
      results = rego.query(c.query(), input, opts);
    } catch (RegoException e) {
      return checkError(c, e);
    }
    if (c.wantErrorCode() != null || c.wantError() != null) {
      return "expected error " + (c.wantErrorCode() == null ? "" : c.wantErrorCode() + " ")
          + (c.wantError() == null ? "" : "'" + c.wantError() + "'") + " but got " + render(results);
    }
    if (c.wantResult() == null) {
      return "case has no expectation";
    }
    Set<Value> want = new HashSet<>();
    for (JsonNode row : c.wantResult()) {
      want.add(JsonValues.fromJson(row));
    }
    Set<Value> got = new HashSet<>();
    for (Map<String, Value> row : results) {
      got.add(normalise(row, c.sortBindings()));
    }
    if (!want.equals(got)) {
      return "want " + want + " but got " + got;
    }
    return null;
  }

  private static String checkError(ConformanceCase c, RegoException e) {
    String text = opaText(e);
    if (c.wantErrorCode() == null && c.wantError() == null) {
      return "unexpected error: " + text;
    }
    if (c.wantErrorCode() != null && e.errors().stream().noneMatch(x -> x.code().equals(c.wantErrorCode()))) {
      return "want error code " + c.wantErrorCode() + " but got: " + text;
    }
    if (c.wantError() != null && !text.contains(c.wantError())) {
      return "want error containing '" + c.wantError() + "' but got: " + text;
    }
    return null;
  }

  /** OPA's error text: {@code file:line: code: message}, one per line. */
  static String opaText(RegoException e) {
    return e.errors().stream().map(ConformanceRunner::opaLine).collect(Collectors.joining("\n"));
  }

  private static String opaLine(RegoError x) {
    String where = x.location().line() > 0 ? x.location().file() + ":" + x.location().line() + ": " : "";
    return where + x.code() + ": " + x.message();
  }

  /** A solution as OPA's runner compares it: plain JSON, bindings optionally sorted. */
  private static Value normalise(Map<String, Value> row, boolean sort) {
    ObjectValue.Builder b = ObjectValue.builder();
    for (Map.Entry<String, Value> e : row.entrySet()) {
      Value v = JsonValues.fromJson(JsonValues.toJson(e.getValue()));
      if (sort && v instanceof ArrayValue a) {
        List<Value> els = new ArrayList<>(a.elements());
        els.sort(null);
        v = ArrayValue.of(els);
      }
      b.put(e.getKey(), v);
    }
    return b.build();
  }

  private static String render(List<Map<String, Value>> results) {
    return results.stream().map(r -> normalise(r, false).toString()).collect(Collectors.joining(", ", "[", "]"));
  }

  public void close() {
    pool.shutdownNow();
  }
}
