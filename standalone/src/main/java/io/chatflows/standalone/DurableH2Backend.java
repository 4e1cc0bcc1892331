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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The embedded MongoDB-wire server's H2 backend, made durable on acknowledgement and answering
 * queries that name a document by {@code _id} from the {@code _id} index.
 *
 * <p>Durable: a command's reply is sent only after every change it made or saw is written to the
 * data file. H2's MVStore on its own commits in the background about once a second, so a write
 * acknowledged less than a second before a {@code kill -9} was lost. A commit writes the change to
 * the data file, so an acknowledged write survives the process dying; the file is not forced to the
 * disk on each commit, so an operating-system crash or power loss can still lose the writes the OS
 * had not flushed yet.
 *
 * <p>Group commit: commands that end while a commit is being written wait for it and share the next
 * one, so one commit writes the changes of every command that ended before it began (each changed
 * B-tree page once) instead of one commit per command. A command takes a ticket when it ends; a
 * commit covers every ticket taken before it began. A command that changed nothing and ends when
 * nothing is unsaved replies at once (see {@link #awaitDurable}).
 *
 * <p>By {@code _id}: a find, count, update, find-and-modify or delete whose filter requires one
 * {@code _id} (alone, beside other conditions, or in an {@code $and}) reads that one document and
 * matches the whole filter against it ({@link IdLookup}); mongo-java-server on its own scans the
 * collection for any filter that is not exactly an index's fields, which made each conditional
 * update cost time in proportion to the documents stored. Upserts, multi-updates and operators are
 * the server's own: only the candidates a query is matched against change.
 */
final class DurableH2Backend extends H2Backend {

  /** Taken by each command when it ends; a commit covers the tickets taken before it began. */
  private final AtomicLong tickets = new AtomicLong();

  /** Held while a commit is written; commands ending meanwhile wait and share the next one. */
  private final ReentrantLock committing = new ReentrantLock();

  /** Every command whose ticket is at most this has its changes in the data file. */
  private volatile long durableThrough;

  /**
   * The store's version after the last commit made here, once it was written: while the store is at
   * this version, no commit by H2's background thread may still be writing.
   */
  private volatile long writtenVersion = -1;

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
      awaitDurable();
    }
  }

  /**
   * Returns once every change this command made or could have read is in the data file.
   *
   * <p>Nothing to wait for when nothing is unsaved and the store is still at the version the last
   * commit made here left it at: every change is then in a commit that was written before that
   * commit returned (H2 writes commits in order, and this class's commits wait for theirs). The
   * checks are made in this order because a commit by H2's background thread, written
   * asynchronously, moves the version before it marks the changes saved.
   *
   * <p>Otherwise the command takes a ticket and waits for the commit lock. A commit begun after the
   * ticket was taken covers it; if none has been, this command commits, for its own changes and
   * those of every command that ended before. When {@link MVStore#commit()} finds nothing to write
   * (H2's background thread saved it first), the data file's pending writes are waited for.
   */
  private void awaitDurable() {
    MVStore store = getMvStore();
    if (!store.hasUnsavedChanges() && store.getCurrentVersion() == writtenVersion) {
      return;
    }
    long ticket = tickets.incrementAndGet();
    committing.lock();
    try {
      if (ticket <= durableThrough) {
        return;
      }
      long covered = tickets.get();
      long before = store.getCurrentVersion();
      long stored = store.commit();
      if (stored < 0) {
        store.getFileStore().executeFileStoreOperation(() -> {});
      }
      writtenVersion = stored < 0 ? before : stored;
      durableThrough = covered;
    } finally {
      committing.unlock();
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
