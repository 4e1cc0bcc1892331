package io.chatflows.api.outbox;

import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.store.message.MessageStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /chat-flow/outbox/}: messages sent on sandbox channels, oldest first. */
@Tag(
    name = "Sandbox",
    description =
        "Try flows without WhatsApp: messages sent on sandbox channels, and simulated replies")
@RestController
class OutboxController {

  private final MessageStore messages;

  OutboxController(MessageStore messages) {
    this.messages = messages;
  }

  /**
   * A sandbox message; {@code renderedText} is what the contact reads (a template's header, body
   * and footer with its parameters filled in; a text's or session message's text).
   */
  record OutboxMessage(
      String id,
      String channel,
      String conversation,
      String node,
      String to,
      String kind,
      String templateName,
      String language,
      List<String> bodyParameters,
      List<String> headerParameters,
      List<String> buttons,
      List<String> buttonPayloads,
      String text,
      Map<String, Instant> statuses,
      Instant sentAt,
      String renderedText) {

    static OutboxMessage of(MessageDocument m) {
      return new OutboxMessage(
          m.id(),
          m.channelId(),
          m.conversationId(),
          m.nodeId(),
          m.to(),
          m.kind(),
          m.templateName(),
          m.language(),
          m.bodyParameters(),
          m.headerParameters() == null ? List.of() : m.headerParameters(),
          m.buttons(),
          m.buttonPayloads(),
          m.text(),
          m.statuses(),
          m.sentAt(),
          m.renderedText());
    }
  }

  @Operation(
      operationId = "listOutbox",
      summary = "List messages sent on sandbox channels, oldest first")
  @GetMapping("/chat-flow/outbox")
  PageResponse<OutboxMessage> list(
      Workspace workspace, @RequestParam(required = false) String contact, Paging paging) {
    String to = contact == null ? null : contact.replace("+", "");
    List<OutboxMessage> results =
        messages.outbox(workspace.id(), to, paging.offset(), paging.pageSize()).stream()
            .map(OutboxMessage::of)
            .toList();
    return paging.answer(results, messages.countOutbox(workspace.id(), to));
  }
}
