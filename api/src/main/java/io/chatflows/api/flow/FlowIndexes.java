package io.chatflows.api.flow;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Indexes the flows by workspace and by node and edge resource ids at start-up (idempotent), so
 * {@code /nodes/{id}/} and {@code /edges/{id}/} find their flow with one indexed query.
 */
@Component
class FlowIndexes {

  FlowIndexes(MongoTemplate mongo) {
    for (String field : new String[] {"workspaceId", "nodeKeys", "edgeKeys"}) {
      mongo.indexOps(FlowDocument.class).createIndex(new Index(field, Sort.Direction.ASC));
    }
  }
}
