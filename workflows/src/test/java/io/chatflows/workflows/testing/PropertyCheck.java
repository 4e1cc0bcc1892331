package io.chatflows.workflows.testing;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Seeded randomized property runs for JUnit tests: a property is checked against {@code tries}
 * generated cases, all drawn from one {@link Random} with a fixed seed, so every run of the build
 * checks the same cases and a failure is reproduced by running the test again. The seed is printed
 * with each run; {@code -Dchatflow.seed=<n>} checks other cases (CI keeps the fixed one).
 *
 * <p>Each case may {@link Case#hit label} the branch it exercised; the counts are printed after the
 * run ({@code property <name>: seed=…, tries=…, branches: {…}}) and {@link Run#branches()} lets the
 * test require that every interesting branch was reached, so a generator that drifts away from a
 * branch fails the test instead of passing quietly.
 */
public final class PropertyCheck {

  /** The seed of every property run unless {@code -Dchatflow.seed} says otherwise. */
  public static final long DEFAULT_SEED = 20_261_130L;

  private PropertyCheck() {}

  /** One generated case: its number, the shared random source and the branch counter. */
  public static final class Case {
    private final int index;
    private final Random random;
    private final Map<String, Integer> branches;

    private Case(int index, Random random, Map<String, Integer> branches) {
      this.index = index;
      this.random = random;
      this.branches = branches;
    }

    public int index() {
      return index;
    }

    public Random random() {
      return random;
    }

    /** Counts this case under {@code branch}. */
    public void hit(String branch) {
      branches.merge(branch, 1, Integer::sum);
    }

    public int between(int fromInclusive, int toInclusive) {
      return fromInclusive + random.nextInt(toInclusive - fromInclusive + 1);
    }

    public boolean chance(double probability) {
      return random.nextDouble() < probability;
    }

    @SafeVarargs
    public final <T> T oneOf(T... choices) {
      return choices[random.nextInt(choices.length)];
    }

    public <T> T oneOf(List<T> choices) {
      return choices.get(random.nextInt(choices.size()));
    }

    /** A string of up to {@code maxLength} characters, mostly printable, sometimes any char. */
    public String string(int maxLength) {
      StringBuilder out = new StringBuilder();
      int length = random.nextInt(maxLength + 1);
      for (int i = 0; i < length; i++) {
        out.append(chance(0.9) ? (char) (' ' + random.nextInt(95)) : (char) random.nextInt(0x3000));
      }
      return out.toString();
    }

    /** {@code count} values from the supplier. */
    public <T> List<T> listOf(int count, Supplier<T> element) {
      return java.util.stream.Stream.generate(element).limit(count).toList();
    }
  }

  /** What a run did: the seed, how many cases and how often each branch was hit. */
  public record Run(String property, long seed, int tries, Map<String, Integer> branches) {
    /** How often {@code branch} was hit (0 when never). */
    public int count(String branch) {
      return branches.getOrDefault(branch, 0);
    }
  }

  /** The seed in force: {@code -Dchatflow.seed}, else {@link #DEFAULT_SEED}. */
  public static long seed() {
    return Long.getLong("chatflow.seed", DEFAULT_SEED);
  }

  /**
   * Checks {@code property} against {@code tries} cases. A failing case is reported with the
   * property's name, the seed and the case number; its assertion error is the cause.
   */
  public static Run forAll(String property, int tries, Consumer<Case> check) {
    long seed = seed();
    Random random = new Random(seed ^ property.hashCode());
    Map<String, Integer> branches = new TreeMap<>();
    for (int i = 0; i < tries; i++) {
      Case generated = new Case(i, random, branches);
      try {
        check.accept(generated);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "property %s failed at case %d of %d (seed %d; rerun with -Dchatflow.seed=%d): %s"
                .formatted(property, i, tries, seed, seed, e.getMessage()),
            e);
      }
    }
    Run run = new Run(property, seed, tries, Map.copyOf(branches));
    System.out.printf(
        "property %s: seed=%d, tries=%d, branches: %s%n", property, seed, tries, branches);
    return run;
  }
}
