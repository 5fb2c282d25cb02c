package dev.gavel.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gavel.rego.test.PolicyTestRunner;
import dev.gavel.rego.test.TestResult;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evaluation limits: a policy that would exhaust memory, stack or time ends with a RegoException
 * naming the limit and its value, never with an Error. Each case asserts the exact thrown type:
 * an OutOfMemoryError or StackOverflowError would fail the assertion instead of the build.
 */
class EvalLimitsTest {
  static final EvalOptions OPTS = EvalOptions.at(Instant.parse("2026-01-01T00:00:00Z"));
  static final String PRODUCT = "x := count([i | some i in numbers.range(1, 100000); some j in numbers.range(1, 100000)])";

  static String nested(String open, String close, int depth) {
    return open.repeat(depth) + close.repeat(depth);
  }

  /** A module of {@code n} rules, each referring to the next. */
  static String ruleChain(int n) {
    StringBuilder m = new StringBuilder("package chain\n");
    for (int i = 0; i < n; i++) {
      m.append("r").append(i).append(" := count([data.chain.r").append(i + 1).append("]) if { true }\n");
    }
    return m.append("r").append(n).append(" := 1\n").toString();
  }

  static Value deepArray(int depth) {
    Value v = ArrayValue.EMPTY;
    for (int i = 0; i < depth; i++) {
      v = ArrayValue.of(v);
    }
    return v;
  }

  /** Evaluates and returns what was thrown (null when nothing was). */
  static Throwable thrownBy(String module, String query, Value input, EvalOptions options) {
    return catchThrowable(() -> {
      Rego.Builder b = Rego.builder();
      if (module != null) {
        b.module("limits.rego", module);
      }
      b.build().query(query, input, options);
    });
  }

  static Stream<Arguments> overruns() {
    EvalLimits fewSteps = EvalLimits.DEFAULT.withMaxElements(Long.MAX_VALUE).withMaxSteps(1_000_000);
    return Stream.of(
        Arguments.of("numbers.range over the element limit fails before allocating", null,
            "x := numbers.range(1, 100000000)", null, EvalLimits.DEFAULT,
            "query:1:6: eval_limit_exceeded: numbers.range: allocating 100000000 elements would exceed the element limit of 20000000"),
        Arguments.of("a 10^10-iteration comprehension stops at the element limit", null, PRODUCT, null, EvalLimits.DEFAULT,
            "eval_limit_exceeded: allocating 1 element would exceed the element limit of 20000000"),
        Arguments.of("a 10^10-iteration comprehension stops at the step limit", null, PRODUCT, null, fewSteps,
            "eval_limit_exceeded: evaluation exceeded the step limit of 1000000"),
        Arguments.of("sprintf padding over the element limit fails before building it", null,
            "x := sprintf(\"%0999999999d\", [1])", null, EvalLimits.DEFAULT,
            "sprintf: allocating 999999998 elements would exceed the element limit of 20000000"),
        Arguments.of("replace that multiplies its input is metered", null,
            "s := concat(\"\", [\"a\" | some _ in numbers.range(1, 1000)]); x := replace(s, \"a\", concat(\"\", [s, s, s, s, s, s, s, s, s, s]))",
            null, EvalLimits.DEFAULT.withMaxElements(1_000_000),
            "replace: allocating 10000 elements would exceed the element limit of 1000000"),
        Arguments.of("a chain of rules deeper than the depth limit", ruleChain(400), "x := data.chain.r0", null,
            EvalLimits.DEFAULT, "eval_limit_exceeded: evaluation exceeded the nesting depth limit of 500"),
        Arguments.of("input nested deeper than the depth limit", null, "x := input", deepArray(20_000), EvalLimits.DEFAULT,
            "eval_limit_exceeded: input nests deeper than the nesting depth limit of 500"),
        Arguments.of("a stack overflow below an unlimited depth is still a limit error", ruleChain(5_000),
            "x := data.chain.r0", null, EvalLimits.UNLIMITED,
            "eval_limit_exceeded: evaluation ran out of Java stack before reaching the nesting depth limit of 2147483647"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overruns")
  void overrunEndsWithEvalLimitExceeded(String name, String module, String query, Value input, EvalLimits limits,
      String message) {
    long start = System.nanoTime();
    Throwable t = thrownBy(module, query, input, OPTS.limits(limits));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(t).isExactlyInstanceOf(RegoException.class);
    assertThat(((RegoException) t).code()).isEqualTo(RegoError.EVAL_LIMIT);
    assertThat(t.getMessage()).contains(message);
    // Fast: the slowest case here takes about a second on one core; allow a loaded machine.
    assertThat(millis).isLessThan(15_000);
  }

  @Test
  void cancellationStopsATenToTheTenStepComprehensionWellUnderASecond() {
    // The engine reads no clock: the caller's check is the deadline. No other limit applies.
    long deadline = System.nanoTime() + 200_000_000L;
    EvalOptions options = OPTS.limits(EvalLimits.UNLIMITED).cancelWhen(() -> System.nanoTime() > deadline);
    Throwable t = thrownBy(null, PRODUCT, null, options);
    long lateMillis = (System.nanoTime() - deadline) / 1_000_000;
    assertThat(t).isExactlyInstanceOf(RegoException.class);
    assertThat(((RegoException) t).code()).isEqualTo(RegoError.EVAL_CANCEL);
    assertThat(lateMillis).isLessThan(500);
  }

  static Stream<Arguments> deepSources() {
    return Stream.of(
        Arguments.of("array literal", "package deep\nx := " + nested("[", "]", 20_000) + "\n", 2, 506),
        Arguments.of("object literal", "package deep\nx := " + nested("{\"a\": ", "}", 20_000) + "\n", 2, 3001),
        Arguments.of("parenthesised expression", "package deep\nx := " + nested("(", ")", 20_000) + "1\n", 2, 506),
        Arguments.of("operator chain", "package deep\nx := 1" + " + 1".repeat(20_000) + "\n", 2, 2008),
        Arguments.of("every bodies", "package deep\np if {\n" + "every x in [1] {\n".repeat(20_000) + "}\n".repeat(20_001),
            501, 13));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deepSources")
  void deepSourceIsAParseErrorWithALocation(String name, String source, int line, int column) {
    Throwable t = catchThrowable(() -> Rego.builder().module("deep.rego", source));
    assertThat(t).isExactlyInstanceOf(RegoException.class);
    RegoError e = ((RegoException) t).errors().get(0);
    assertThat(e.code()).isEqualTo(RegoError.PARSE);
    assertThat(e.location()).isEqualTo(new Location("deep.rego", line, column));
    assertThat(e.message()).contains("deeper than the limit of 500");
  }

  @Test
  void deepQueryIsAParseErrorWithALocation() {
    Throwable t = catchThrowable(() -> Rego.builder().build().query("x := " + nested("[", "]", 20_000), null, OPTS));
    assertThat(t).isExactlyInstanceOf(RegoException.class);
    assertThat(t.getMessage()).startsWith("query:1:506: rego_parse_error: nesting deeper than the limit of 500 levels");
  }

  @Test
  void deeplyNestedJsonInputIsALimitErrorNotAStackOverflow() {
    // Jackson's parser stops at 1,000 levels; a tree built in code has no such bound.
    ArrayNode root = JsonNodeFactory.instance.arrayNode();
    ArrayNode at = root;
    for (int i = 0; i < 20_000; i++) {
      at = at.addArray();
    }
    Throwable t = catchThrowable(() -> JsonValues.fromJson(root));
    assertThat(t).isExactlyInstanceOf(RegoException.class);
    assertThat(t.getMessage()).isEqualTo("eval_limit_exceeded: JSON document nests deeper than the nesting depth limit of 500");
  }

  @Test
  void literalsOfManyElementsEvaluateWithoutDeepRecursion() {
    // A ground literal is built directly; one with variables iterates over its known elements.
    // Either way a long literal costs no stack per element.
    StringBuilder ground = new StringBuilder("x := [");
    StringBuilder mixed = new StringBuilder("y := 1; x := [");
    for (int i = 0; i < 20_000; i++) {
      ground.append(i == 0 ? "" : ", ").append("{\"n\": [").append(i).append("]}");
      mixed.append(i == 0 ? "" : ", ").append(i % 2 == 0 ? "y" : "{\"n\": [" + i + "]}");
    }
    Rego rego = Rego.builder().build();
    assertThat(rego.query(ground.append("]; n := count(x)").toString(), null, OPTS).get(0).get("n"))
        .hasToString("20000");
    assertThat(rego.query(mixed.append("]; n := count(x)").toString(), null, OPTS).get(0).get("n"))
        .hasToString("20000");
  }

  @Test
  void limitsStateTheirPreconditions() {
    assertThatThrownBy(() -> new EvalLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSteps");
    assertThatThrownBy(() -> new EvalLimits(1, -1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxElements");
    assertThatThrownBy(() -> new EvalLimits(1, 1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
    assertThatThrownBy(() -> OPTS.limits(null)).isInstanceOf(NullPointerException.class);
    assertThat(OPTS.limits()).isEqualTo(EvalLimits.DEFAULT);
  }

  /** The shipped library and its fixture requests, when the repository is around. */
  static Path repo() {
    return dev.gavel.testkit.SharedFiles.repo();
  }

  @Test
  void shippedPoliciesRunFarBelowTheDefaultLimits() throws IOException {
    Path policies = repo().resolve("policies");
    Path inputs = repo().resolve("test-fixtures/policy-inputs");
    assumeTrue(Files.isDirectory(policies) && Files.isDirectory(inputs), "policy library not found: skipping");
    EvalLimits tight = new EvalLimits(EvalLimits.DEFAULT.maxSteps() / 100, EvalLimits.DEFAULT.maxElements() / 100,
        EvalLimits.DEFAULT.maxDepth() / 10);
    Rego.Builder b = Rego.builder();
    try (Stream<Path> s = Files.walk(policies)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".rego")).sorted().toList()) {
        b.module(repo().relativize(p).toString(), Files.readString(p));
      }
    }
    Rego rego = b.data(JsonValues.parse(Files.readString(policies.resolve("data.json")))).build();
    PreparedRef decision = rego.prepareRef("data.gavel.release.decision");
    EvalOptions options = OPTS.strict(true).limits(tight);
    List<Path> requests;
    try (Stream<Path> s = Files.list(inputs)) {
      requests = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(requests).isNotEmpty();
    for (Path p : requests) {
      Value input = JsonValues.parse(Files.readString(p));
      assertThat(decision.evaluate(input, options)).as(p.getFileName().toString()).isPresent();
    }
    List<TestResult> tests = new PolicyTestRunner(rego, options).run().results();
    assertThat(tests).isNotEmpty().allSatisfy(r -> assertThat(r.status()).as(r.name() + ": " + r.error())
        .isIn(TestResult.Status.PASS, TestResult.Status.SKIPPED));
  }

  @Test
  void dataNestedDeeperThanTheDepthLimitIsRefused() {
    Value deepData = ObjectValue.builder().put(StringValue.of("a"), deepArray(20_000)).build();
    Throwable t = catchThrowable(() -> Rego.builder().data(deepData));
    assertThat(t).isExactlyInstanceOf(RegoException.class);
    assertThat(((RegoException) t).code()).isEqualTo(RegoError.EVAL_LIMIT);
  }
}
