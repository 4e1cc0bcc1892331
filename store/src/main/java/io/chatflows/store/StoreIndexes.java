package io.chatflows.store;

import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.contact.ContactDocument;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.message.MessageDocument;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** Creates the shared collections' indexes at start-up (idempotent). */
@Component
public class StoreIndexes {

  public StoreIndexes(MongoTemplate mongo) {
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
    mongo
        .indexOps(MessageDocument.class)
        .createIndex(new Index("conversationId", Sort.Direction.ASC));
    mongo
        .indexOps(MessageDocument.class)
        .createIndex(new Index("conversationId", Sort.Direction.ASC));
    mongo
        .indexOps(MessageDocument.class)
        .createIndex(
            new Index("workspaceId", Sort.Direction.ASC)
                .on("sandbox", Sort.Direction.ASC)
                .on("to", Sort.Direction.ASC));
  }
}
