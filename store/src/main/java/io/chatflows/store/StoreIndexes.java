package io.chatflows.store;

import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.contact.ContactDocument;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.StepBatchDocument;
import io.chatflows.store.message.MessageDocument;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Creates the shared collections' indexes at start-up (idempotent).
 *
 * <p>With {@code chatflow.store.exact-match-indexes} (set by the embedded default) it also creates
 * unique indexes on exactly the fields of the conditional single-document updates on the hot path:
 * the embedded MongoDB-wire server uses an index only for a query on exactly its fields (a query on
 * {@code _id} and a condition scans the collection), where MongoDB itself uses the {@code _id}
 * index. They are unique because {@code _id} is.
 */
@Component
public class StoreIndexes {

  public StoreIndexes(
      MongoTemplate mongo,
      @Value("${chatflow.store.exact-match-indexes:false}") boolean exactMatchIndexes) {
    mongo
        .indexOps(ChannelDocument.class)
        .createIndex(new Index("phoneNumberId", Sort.Direction.ASC).unique());
    mongo
        .indexOps(ContactDocument.class)
        .createIndex(
            new Index("workspaceId", Sort.Direction.ASC).on("updatedAt", Sort.Direction.DESC));
    mongo
        .indexOps(ConversationDocument.class)
        .createIndex(
            new Index("workspaceId", Sort.Direction.ASC).on("startedAt", Sort.Direction.DESC));
    mongo
        .indexOps(ConversationDocument.class)
        .createIndex(new Index("workflowId", Sort.Direction.ASC));
    // Analytics of one flow; the embedded server ignores compound indexes.
    mongo
        .indexOps(ConversationDocument.class)
        .createIndex(
            new Index("workspaceId", Sort.Direction.ASC)
                .on("flowId", Sort.Direction.ASC)
                .on("startedAt", Sort.Direction.ASC));
    // The api's conversation gauges count open conversations by flow every 10 s.
    mongo
        .indexOps(ConversationDocument.class)
        .createIndex(new Index("status", Sort.Direction.ASC).on("flowId", Sort.Direction.ASC));
    mongo
        .indexOps(StepBatchDocument.class)
        .createIndex(new Index("conversationId", Sort.Direction.ASC));
    // A send is stored once: the lookup before every send (MessageSender) uses this index.
    mongo
        .indexOps(MessageDocument.class)
        .createIndex(
            new Index("conversationId", Sort.Direction.ASC)
                .on("sendSeq", Sort.Direction.ASC)
                .unique());
    if (exactMatchIndexes) {
      // CountedWrites: every counted change of a conversation (each step) or message (each
      // delivery status) is conditional on the count sequence it was planned from.
      mongo
          .indexOps(ConversationDocument.class)
          .createIndex(
              new Index("_id", Sort.Direction.ASC).on("countSeq", Sort.Direction.ASC).unique());
      mongo
          .indexOps(MessageDocument.class)
          .createIndex(
              new Index("_id", Sort.Direction.ASC).on("countSeq", Sort.Direction.ASC).unique());
    }
    mongo
        .indexOps(MessageDocument.class)
        .createIndex(
            new Index("workspaceId", Sort.Direction.ASC)
                .on("sandbox", Sort.Direction.ASC)
                .on("to", Sort.Direction.ASC));
  }
}
