package dev.gavel.rego;

import dev.gavel.rego.builtins.BuiltinContext;
import dev.gavel.rego.eval.EvalBudget;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** The BuiltinContext of one query, built from EvalOptions. */
final class OptionsContext implements BuiltinContext {
  private final EvalOptions options;
  private final RandomGenerator random;
  private final Map<Object, Object> cache = new HashMap<>();
  private final EvalBudget budget;

  OptionsContext(EvalOptions options, EvalBudget budget) {
    this.options = options;
    this.budget = budget;
    this.random = new SplittableRandom(options.randomSeed());
  }

  @Override
  public Instant now() {
    return options.now();
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  @Override
  public void print(String line) {
    options.printSink().accept(line);
  }

  @Override
  public Map<Object, Object> cache() {
    return cache;
  }

  @Override
  public Map<String, String> environment() {
    return options.environment();
  }

  @Override
  public boolean strictBuiltinErrors() {
    return options.strictBuiltinErrors();
  }

  @Override
  public void charge(long elements) {
    budget.charge(elements, Location.NONE);
  }
}
