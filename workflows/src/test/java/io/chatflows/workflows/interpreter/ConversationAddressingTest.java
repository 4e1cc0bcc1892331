package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowDefinition;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An event addressed to a conversation acts on that conversation only: a delivery failure of a
 * message another conversation of the same contact sent is ignored without a step, and the event's
 * wire shape stays readable by workers on either side of the change.
 */
@Timeout(30)
class ConversationAddressingTest extends ConversationTestSupport {

  /** welcome --Track Order--> order --Yes--> info, order --delivery_failed--> bye. */
  private static FlowDefinition deliveryFlow() {
    return flow()
        .template("n1", WELCOME)
        .template("n2", ORDER)
        .template("n3", INFO)
        .template("n4", BYE)
        .button("e1", "n1", "n2", "Track Order")
        .button("e2", "n2", "n3", "Yes")
        .edge("e3", "n2", "n4", "delivery_failed", null)
        .compile();
  }

  @Test
  void givenADeliveryFailureMeantForAnotherConversation_whenSignalled_itIsIgnoredWithoutAStep() {
    Conversation sut = start(deliveryFlow());
    sut.click("Track Order");
    sut.awaitWaitingAt("n2");
    int stepsBefore = activities.steps().size();

    sut.signal(InboundEvent.deliveryFailed("wamid.2", "131049", "another-conversation"));
    sut.awaitSettled();

    assertThat(sut.view().status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(activities.steps()).hasSize(stepsBefore);
    sut.click("Yes");
    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status", "info");
    assertThat(activities.steps(StepKind.SEND_FAILED)).isEmpty();
  }

  @Test
  void givenADeliveryFailureMeantForThisConversation_whenSignalled_itTakesTheFailureEdge() {
    Conversation sut = start(deliveryFlow());
    sut.click("Track Order");
    sut.awaitWaitingAt("n2");

    sut.signal(InboundEvent.deliveryFailed("wamid.2", "131049", sut.id));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status", "bye");
  }

  @Test
  void givenAnEventWithoutConversation_whenSerialized_itHasTheShapeEarlierWorkersRead()
      throws Exception {
    ObjectMapper temporalJson = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    String click =
        temporalJson.writeValueAsString(InboundEvent.button("wamid.9", "Yes", null, null));
    InboundEvent fromAnEarlierApi =
        temporalJson.readValue(
            "{\"messageId\":\"wamid.3\",\"kind\":\"DELIVERY_FAILED\",\"text\":null,\"payload\":null,"
                + "\"contextMessageId\":null,\"errorCode\":\"131049\",\"laterField\":1}",
            InboundEvent.class);

    assertThat(click).doesNotContain("conversationId");
    assertThat(fromAnEarlierApi.conversationId()).isNull();
    assertThat(fromAnEarlierApi.meantForAnother("any")).isFalse();
  }
}
