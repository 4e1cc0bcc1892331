package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.SendTemplateCommand;
import io.chatflows.workflows.graph.FlowDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A template node's body and header parameters are rendered and sent with the template. */
@Timeout(30)
class TemplateParametersTest extends ConversationTestSupport {

  @Test
  void givenBodyAndHeaderParameters_whenTheTemplateIsSent_bothAreRenderedInOrder() {
    FlowDefinition flow =
        flow()
            .template(
                "n1",
                INFO,
                "{'parameters': {'header': ['Order {{variables.order_id}}'],"
                    + " 'body': ['{{contact.name}}', '{{variables.order_id}}']}}")
            .startTemplate(INFO.id())
            .compile();

    Conversation sut =
        start(input(flow, Map.of("order_id", "A-42"), Map.of(), List.of(), null, null));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    SendTemplateCommand sent = activities.templates.get(0);
    assertThat(sent.headerParameters()).containsExactly("Order A-42");
    assertThat(sent.bodyParameters()).containsExactly("Ada", "A-42");
  }

  @Test
  void givenNoHeaderParameters_whenTheTemplateIsSent_theCommandHasNone() {
    Conversation sut = start(flow().template("n1", INFO).startTemplate(INFO.id()).compile());

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.templates.get(0).headerParameters()).isEmpty();
  }
}
