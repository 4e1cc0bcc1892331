package io.chatflows.store.index;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the indexes every {@link IndexedStore} of the application declares, at start-up
 * (idempotent: an index that exists is left as it is). The one way indexes are made: no
 * annotations, no index created anywhere else.
 *
 * <p>The embedded MongoDB-wire server implements unique indexes only (it logs "not yet implemented"
 * for the others and ignores them), and uses an index only for a query on exactly its fields; with
 * {@code chatflow.store.exact-match-indexes} (set by the embedded default) the {@linkplain
 * StoreIndex#exactMatch exact-match} indexes are created as well.
 */
@Component
public class StoreIndexes {

  public StoreIndexes(
      MongoTemplate mongo,
      List<IndexedStore> stores,
      @Value("${chatflow.store.exact-match-indexes:false}") boolean exactMatchIndexes) {
    create(mongo, exactMatchIndexes, stores);
  }

  /** Creates the indexes of {@code stores}; the exact-match ones only when asked to. */
  public static void create(MongoTemplate mongo, boolean exactMatch, List<IndexedStore> stores) {
    for (IndexedStore store : stores) {
      for (StoreIndex index : store.indexes()) {
        if (!index.exactMatch() || exactMatch) {
          mongo.indexOps(index.document()).createIndex(index.definition());
        }
      }
    }
  }
}
