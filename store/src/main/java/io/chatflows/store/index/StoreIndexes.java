package io.chatflows.store.index;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexField;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.stereotype.Component;

/**
 * Creates the indexes every {@link IndexedStore} of the application declares, at start-up
 * (idempotent: an index that exists is left as it is). The one way indexes are made: no
 * annotations, no index created anywhere else.
 *
 * <p>The {@linkplain StoreIndex#exactMatch exact-match} indexes exist only with {@code
 * chatflow.store.exact-match-indexes}: without it, any left in the database (the embedded default
 * created them until 2026-12-01) are dropped, since every update of their collection keeps them.
 */
@Component
public class StoreIndexes {

  public StoreIndexes(
      MongoTemplate mongo,
      List<IndexedStore> stores,
      @Value("${chatflow.store.exact-match-indexes:false}") boolean exactMatchIndexes) {
    create(mongo, exactMatchIndexes, stores);
  }

  /**
   * Creates the indexes of {@code stores}; the exact-match ones only when asked to, and drops them
   * otherwise.
   */
  public static void create(MongoTemplate mongo, boolean exactMatch, List<IndexedStore> stores) {
    for (IndexedStore store : stores) {
      for (StoreIndex index : store.indexes()) {
        IndexOperations operations = mongo.indexOps(index.document());
        if (!index.exactMatch() || exactMatch) {
          operations.createIndex(index.definition());
        } else {
          dropIfPresent(operations, index);
        }
      }
    }
  }

  private static void dropIfPresent(IndexOperations operations, StoreIndex index) {
    List<String> fields = List.copyOf(index.definition().getIndexKeys().keySet());
    for (IndexInfo present : operations.getIndexInfo()) {
      if (present.isUnique()
          && present.getIndexFields().stream().map(IndexField::getKey).toList().equals(fields)) {
        operations.dropIndex(present.getName());
      }
    }
  }
}
