package io.chatflows.workflows.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Flow reference" is the model's: the part between its markers is what {@link
 * FlowReference} writes from the node kinds, triggers, operators, subjects, placeholders and
 * ranges, so it cannot drift from the code. After changing the model, rewrite it from the
 * repository root:
 *
 * <pre>
 * ./mvnw -o test -pl workflows -Dtest=FlowReferenceTest -Dreadme.write=true
 * </pre>
 */
class FlowReferenceTest {

  static final String BEGIN =
      "<!-- flow-reference: generated from the flow model by FlowReferenceTest, do not edit -->\n";
  static final String END = "<!-- flow-reference: end -->\n";
  private static final Path README = Path.of("..", "README.md");

  @Test
  void givenTheReadme_whenRead_itsFlowReferenceIsTheModels() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertThat(begin).as("the README has the flow reference markers").isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String written = readme.substring(begin + BEGIN.length(), end);
    String generated = "\n" + FlowReference.markdown() + "\n";
    if (Boolean.getBoolean("readme.write") && !written.equals(generated)) {
      Files.writeString(
          README,
          readme.substring(0, begin + BEGIN.length()) + generated + readme.substring(end),
          StandardCharsets.UTF_8);
      written = generated;
    }

    assertThat(written)
        .as("README flow reference (rewrite it with -Dreadme.write=true)")
        .isEqualTo(generated);
  }

  @Test
  void givenTheModel_whenTheReferenceIsWritten_itNamesEveryKindFieldAndTermWithItsBounds() {
    String sut = FlowReference.markdown();

    assertThat(sut).contains(FlowReference.names());
    assertThat(sut)
        .contains("1..2592000 s (30 days)")
        .contains("0..2592000 s (30 days)")
        .contains("up to 4096 characters")
        .contains("1..64 characters")
        .contains("name `" + Limits.KEY_NAME.pattern() + "`");
  }
}
