package io.chatflows.standalone;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The embedded MongoDB-wire server's H2 backend, made durable on acknowledgement and answering
 * queries that name a document by {@code _id} from the {@code _id} index.
 *
 * <p>Durable: every command that changed the store commits it before its reply is sent. H2's
 * MVStore on its own commits in the background about once a second, so a write acknowledged less
 * than a second before a {@code kill -9} was lost. A commit writes the change to the data file, so
 * an acknowledged write survives the process dying; the file is not forced to the disk on each
 * commit, so an operating-system crash or power loss can still lose the writes the OS had not
 * flushed yet.
 *
 * <p>By {@code _id}: a find, count, update, find-and-modify or delete whose filter requires one
 * {@code _id} (alone, beside other conditions, or in an {@code $and}) reads that one document and
 * matches the whole filter against it ({@link IdLookup}); mongo-java-server on its own scans the
 * collection for any filter that is not exactly an index's fields, which made each conditional
 * update cost time in proportion to the documents stored. Upserts, multi-updates and operators are
 * the server's own: only the candidates a query is matched against change.
 */
final class DurableH2Backend extends H2Backend {

  DurableH2Backend(String fileName) {
    super(fileName);
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    try {
      return super.handleCommand(channel, database, command, query);
    } finally {
      // Also after a failed command: an insertMany stopped by a duplicate key has stored the
      // documents before it, and its error reply acknowledges them.
      if (getMvStore().hasUnsavedChanges()) {
        commit();
      }
    }
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new IndexedDatabase(databaseName, getMvStore(), getCursorRegistry());
  }

  /**
   * How many documents queries on {@code collection} have matched their filter against since the
   * server started (MongoDB's "documents examined"): one per lookup by {@code _id}, every document
   * for a scan. Zero for a collection that does not exist.
   */
  long documentsExamined(String database, String collection) {
    MongoCollection<?> found = resolveDatabase(database).resolveCollection(collection, false);
    return found instanceof IndexedCollection c ? c.examined.sum() : 0;
  }

  /** H2's database, opening its collections as {@link IndexedCollection}s. */
  private static final class IndexedDatabase extends H2Database {

    private final MVStore store;

    IndexedDatabase(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
      super(databaseName, store, cursorRegistry);
      this.store = store;
      // H2Database's constructor opens the stored collections before this one has its store; its
      // call is skipped below and made here instead.
      initializeNamespacesAndIndexes();
    }

    @Override
    protected void initializeNamespacesAndIndexes() {
      if (store != null) {
        super.initializeNamespacesAndIndexes();
      }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(
        String collectionName, CollectionOptions options) {
      // The same maps H2Database opens for a collection, so the data file is the same.
      String fullName = getFullCollectionNamespace(collectionName);
      MVMap<Object, Document> dataMap = store.openMap("databases." + fullName);
      MVMap<String, Object> metaMap = store.openMap("meta." + fullName);
      return new IndexedCollection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }
  }

  /** H2's collection, looking a document named by {@code _id} up in the {@code _id} index. */
  private static final class IndexedCollection extends H2Collection {

    private final LongAdder examined = new LongAdder();

    IndexedCollection(
        MongoDatabase database,
        String collectionName,
        CollectionOptions options,
        MVMap<Object, Document> dataMap,
        MVMap<String, Object> metaMap,
        CursorRegistry cursorRegistry) {
      super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected QueryResult queryDocuments(
        Document query,
        Document orderBy,
        int numberToSkip,
        int limit,
        int batchSize,
        Document fieldSelector) {
      Optional<Iterable<Object>> byId = IdLookup.candidates(query, getIdField(), getIndexes());
      if (byId.isPresent()) {
        return matchDocuments(
            query, byId.get(), orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected boolean documentMatchesQuery(Document document, Document query) {
      examined.increment();
      return super.documentMatchesQuery(document, query);
    }
  }
}
