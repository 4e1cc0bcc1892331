package io.chatflows.api.trigger;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An inbound trigger of a workspace: what a contact writes that starts a flow.
 *
 * @param type {@code keyword} or {@code catch_all}
 * @param keywords as the client wrote them (empty for a catch-all); matching uses {@link
 *     TriggerText#normalize} of them
 * @param match {@code exact}, {@code contains} or {@code regex} (a catch-all has none)
 * @param channel the {@code phone_number_id} the trigger listens on, {@code null}: every channel
 * @param interrupt whether the trigger may end a conversation in progress and start its flow
 */
@Document("triggers")
public record TriggerDocument(
    @Id String id,
    String workspaceId,
    String flowId,
    String type,
    List<String> keywords,
    String match,
    String channel,
    int priority,
    boolean interrupt,
    boolean isActive,
    Instant createdAt,
    Instant updatedAt) {

  public static final String KEYWORD = "keyword";
  public static final String CATCH_ALL = "catch_all";

  public TriggerDocument {
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
  }

  boolean isKeyword() {
    return KEYWORD.equals(type);
  }

  /** The same trigger, saved over {@code earlier}: keeps its id and creation time. */
  TriggerDocument replacing(TriggerDocument earlier) {
    return new TriggerDocument(
        earlier.id(),
        earlier.workspaceId(),
        flowId,
        type,
        keywords,
        match,
        channel,
        priority,
        interrupt,
        isActive,
        earlier.createdAt(),
        updatedAt);
  }
}
