package io.chatflows.embedded.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
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
 * the server's own: only the candidates a query is matched against change. A filter that requires
 * one of a few {@code _id}s ({@code $in}) reads those.
 *
 * <p>Reads hold their version: a command registers the store's version with H2 while it runs, so
 * the chunks it reads are not freed under it. H2 frees a chunk once it is older than its retention
 * time (45 s) and no version in use needs it; its own background thread moves the live pages of
 * sparse chunks into new ones, so a long read (the analytics backfill's pass over 1,000,000
 * conversations) failed with {@code Chunk … not found} without it. mongo-java-server materialises a
 * query's whole result inside the command (its cursors hold documents), so the command is the whole
 * read.
 *
 * <p>Secondary indexes: the non-unique (compound) indexes the app creates, which mongo-java-server
 * ignores, are kept as {@link SecondaryIndex}es in the same store (so they commit with the
 * documents), and queries are planned on them by {@link IndexPlanner}: the conversation list (by
 * flow, flow and status, flow and node, status, contact) reads only a page's documents in the order
 * of its sort, and its count ({@code countDocuments}, an aggregation of {@code $match} and {@code
 * $group}) is the size of an index range, no document read. Real MongoDB plans the same lists on
 * the same declared indexes ({@code ConversationStore.indexes()}).
 *
 * <p>Updates change copies: an update changes and stores a deep copy of each document it matched,
 * never the instance H2 holds, which a reply encoded after the collection's lock may still be
 * reading (see {@code IndexedCollection.queryDocuments}).
 *
 * <p>Storage formats: documents are stored as BSON ({@link BsonDocumentType}) and unique indexes
 * order their keys by value ({@link OrderedUniqueIndex}), where mongo-java-server's H2 backend
 * serialises both with Java serialisation; a data file it wrote is read as it is.
 */
public final class DurableH2Backend extends H2Backend {

  /**
   * The event loops to bind the server with (the app's {@code chatflow.embedded.mongo.event-loops}
   * default). It runs each command on the event loop of the connection it came on, so a long
   * command (the analytics backfill reading a partition of conversations, a large aggregation)
   * holds up every other connection on that loop; Netty's default of twice the cores (4 here) let
   * such a command stall unrelated requests for as long as it ran (the backfill's status request
   * timed out after 30 s). With as many loops as the app's connections usually in use, commands of
   * other connections go on. Each loop keeps buffers of its own, so not more (BENCHMARKS.md, B4).
   */
  public static final int EVENT_LOOPS = 16;

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

  public DurableH2Backend(String fileName) {
    super(fileName);
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    MVStore store = getMvStore();
    try {
      // The version the command reads stays readable until it ends (see the class comment).
      MVStore.TxCounter reading = store.registerVersionUsage();
      try {
        return super.handleCommand(channel, database, command, query);
      } finally {
        store.deregisterVersionUsage(reading);
      }
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
  public long documentsExamined(String database, String collection) {
    MongoCollection<?> found = resolveDatabase(database).resolveCollection(collection, false);
    return found instanceof IndexedCollection c ? c.examined.sum() : 0;
  }

  /**
   * The map of a collection's documents ({@code fullName}: {@code <database>.<collection>}) in a
   * data file of this backend, keyed by position, the documents stored as BSON.
   */
  public static MVMap<Object, Document> documents(MVStore store, String fullName) {
    return store.openMap(
        "databases." + fullName,
        new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType()));
  }

  /**
   * H2's database, opening its collections as {@link IndexedCollection}s with BSON documents, its
   * unique indexes as {@link OrderedUniqueIndex}es and its non-unique indexes as {@link
   * SecondaryIndex}es, and planning an aggregation's first {@code $match} on them.
   */
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
      MVMap<Object, Document> dataMap = documents(store, fullName);
      MVMap<String, Object> metaMap = store.openMap("meta." + fullName);
      return new IndexedCollection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(
        String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      String fullName = getFullCollectionNamespace(collectionName);
      return OrderedUniqueIndex.open(
          store,
          fullName + "._index_" + indexName,
          store.openMap("meta." + fullName),
          indexName,
          keys,
          sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
      super.dropIndex(collection, indexName);
      String fullName = getFullCollectionNamespace(collection.getCollectionName());
      OrderedUniqueIndex.remove(
          store, fullName + "._index_" + indexName, store.openMap("meta." + fullName), indexName);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(
        String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      if (sparse) {
        return super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
      }
      String fullName = getFullCollectionNamespace(collectionName);
      // The map name H2Database gives an index, so dropping the index or collection removes it.
      return new SecondaryIndex(
          store,
          fullName + "._index_" + indexName,
          store.openMap("meta." + fullName),
          indexName,
          keys,
          CollectionOptions.withDefaults().getIdField());
    }

    @Override
    public Document handleCommand(
        Channel channel,
        String command,
        Document query,
        DatabaseResolver databaseResolver,
        Oplog oplog) {
      if (command.equalsIgnoreCase("aggregate")
          && !query.containsKey("explain")
          && query.get(command) instanceof String collectionName
          && query.get("pipeline") instanceof List<?> pipeline
          && !pipeline.isEmpty()
          && pipeline.get(0) instanceof Document first
          && first.size() == 1
          && first.get("$match") instanceof Document match
          && resolveCollection(collectionName, false) instanceof IndexedCollection collection) {
        Optional<List<Document>> counted = collection.countStages(match, pipeline);
        if (counted.isEmpty()) {
          counted = collection.groupStages(match, pipeline);
        }
        if (counted.isPresent()) {
          Document cursor = new Document("id", 0L);
          cursor.put("ns", getFullCollectionNamespace(collectionName));
          cursor.put("firstBatch", counted.get());
          return new Document("cursor", cursor).append("ok", 1.0);
        }
        collection.firstScanMatches.set(match);
        try {
          return super.handleCommand(channel, command, query, databaseResolver, oplog);
        } finally {
          collection.firstScanMatches.remove();
        }
      }
      return super.handleCommand(channel, command, query, databaseResolver, oplog);
    }
  }

  /**
   * H2's collection, looking a document named by {@code _id} up in the {@code _id} index and
   * planning other queries on its secondary indexes ({@link IndexPlanner}).
   */
  private static final class IndexedCollection extends H2Collection {

    private final LongAdder examined = new LongAdder();

    /** The {@code $match} an aggregation about to read this collection starts with. */
    final ThreadLocal<Document> firstScanMatches = new ThreadLocal<>();

    /** Set while this thread updates documents of this collection. */
    private final ThreadLocal<Boolean> writing = new ThreadLocal<>();

    private final MVMap<Object, Document> documents;

    IndexedCollection(
        MongoDatabase database,
        String collectionName,
        CollectionOptions options,
        MVMap<Object, Document> dataMap,
        MVMap<String, Object> metaMap,
        CursorRegistry cursorRegistry) {
      super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
      this.documents = dataMap;
    }

    /**
     * The data size is not kept write by write: mongo-java-server encodes the old and the new
     * document to BSON on every update (the new one on every insert) to learn their sizes, and
     * writes the running total into the collection's meta map, for {@code collStats} and {@code
     * dbStats} alone. Those commands add the sizes up when asked ({@link #getDataSize}).
     */
    @Override
    protected boolean tracksDataSize() {
      return false;
    }

    /** The BSON size of every stored document, added up (capped as the server's own int). */
    @Override
    protected int getDataSize() {
      if (documents == null) {
        // H2Collection's constructor logs the figure it stored, before this collection has its map.
        return super.getDataSize();
      }
      long size = 0;
      for (Document document : documents.values()) {
        size += BsonDocumentType.sizeOf(document);
      }
      return (int) Math.min(size, Integer.MAX_VALUE);
    }

    /**
     * Updates the copies of the documents it matches (see {@link #queryDocuments}), in the
     * collection's lock as the server's own.
     */
    @Override
    public synchronized Document updateDocuments(
        Document selector,
        Document updateQuery,
        ArrayFilters arrayFilters,
        boolean isMulti,
        boolean isUpsert,
        Oplog oplog) {
      return onCopies(
          () ->
              super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog));
    }

    /** Modifies a copy of the document it matches, as {@link #updateDocuments} does. */
    @Override
    public synchronized Document findAndModify(Document query) {
      return onCopies(() -> super.findAndModify(query));
    }

    private Document onCopies(Supplier<Document> update) {
      writing.set(Boolean.TRUE);
      try {
        return update.get();
      } finally {
        writing.remove();
      }
    }

    /**
     * The documents matching {@code query}; for an update, copies of them.
     *
     * <p>mongo-java-server changes a matched document in place and then stores it again. The
     * document a query answers is the instance H2 keeps in its page, and a reply is encoded after
     * the collection's lock is released: an update changing that instance field by field while a
     * reply of the same document was being encoded gave a torn read (the new {@code revision} with
     * the old graph), and a compare-and-set based on it overwrote the change it did not see. An
     * update therefore changes and stores a copy; an instance once stored is never changed. The
     * copy is of the top level only: the server computes the new document from a deep copy of the
     * matched one (its operators change that copy) and then puts the new document's top-level
     * values into the matched one, so nothing below the top level of a stored instance is touched.
     */
    @Override
    protected QueryResult queryDocuments(
        Document query,
        Document orderBy,
        int numberToSkip,
        int limit,
        int batchSize,
        Document fieldSelector) {
      QueryResult found = plan(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      if (writing.get() == null) {
        return found;
      }
      List<Document> copies = new ArrayList<>();
      found.forEach(document -> copies.add(new Document(document)));
      return new QueryResult(copies, found.getCursorId());
    }

    private QueryResult plan(
        Document query,
        Document orderBy,
        int numberToSkip,
        int limit,
        int batchSize,
        Document fieldSelector) {
      if (serverPlansByIndex(query)) {
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      Optional<Iterable<Object>> byId = IdLookup.candidates(query, getIdField(), getIndexes());
      if (byId.isPresent()) {
        return matchDocuments(
            query, byId.get(), orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      Optional<IndexPlanner.Plan> plan = IndexPlanner.plan(query, orderBy, getIndexes());
      if (plan.isPresent() && plan.get().sorted()) {
        Stream<Document> inOrder =
            plan.get().positionsInSortOrder().map(this::getDocument).filter(Objects::nonNull);
        return matchDocumentsFromStream(
            query, inOrder, numberToSkip, limit, batchSize, null, fieldSelector);
      }
      if (plan.isPresent()) {
        List<Object> positions = plan.get().positionsInScanOrder();
        if (isNaturalDescending(orderBy)) {
          Collections.reverse(positions);
        }
        return matchDocuments(
            query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /** Sorts with {@link SortOrder}, which reads each document's sort values once. */
    @Override
    protected QueryResult matchDocumentsFromStream(
        Stream<Document> documents,
        Document query,
        Document orderBy,
        int numberToSkip,
        int limit,
        int batchSize,
        Document fieldSelector) {
      return matchDocumentsFromStream(
          query, documents, numberToSkip, limit, batchSize, SortOrder.of(orderBy), fieldSelector);
    }

    /**
     * The server's filter, sort, skip and limit, then a projection that only leaves out top-level
     * fields as a {@link TopLevelExclusion}; any other projection is the server's.
     */
    @Override
    protected QueryResult matchDocumentsFromStream(
        Document query,
        Stream<Document> documents,
        int numberToSkip,
        int limit,
        int batchSize,
        Comparator<Document> order,
        Document fieldSelector) {
      Optional<TopLevelExclusion> exclusion = TopLevelExclusion.of(fieldSelector);
      if (exclusion.isEmpty()) {
        return super.matchDocumentsFromStream(
            query, documents, numberToSkip, limit, batchSize, order, fieldSelector);
      }
      Stream<Document> answer = documents.filter(document -> documentMatchesQuery(document, query));
      if (order != null) {
        answer = answer.sorted(order);
      }
      if (numberToSkip > 0) {
        answer = answer.skip(numberToSkip);
      }
      if (limit > 0) {
        answer = answer.limit(limit);
      }
      return createQueryResult(answer.map(exclusion.get()::apply).toList(), batchSize);
    }

    /** Whether mongo-java-server itself answers the query from one of its (unique) indexes. */
    private boolean serverPlansByIndex(Document query) {
      return query != null && getIndexes().stream().anyMatch(index -> index.canHandle(query));
    }

    @Override
    public synchronized int count(Document query, int skip, int limit) {
      if (query != null && !query.isEmpty() && !serverPlansByIndex(query)) {
        Optional<IndexPlanner.Plan> plan = IndexPlanner.plan(query, null, getIndexes());
        if (plan.isPresent() && plan.get().exact()) {
          long count = Math.max(0, plan.get().count() - Math.max(skip, 0));
          return (int) (limit > 0 ? Math.min(limit, count) : count);
        }
      }
      return super.count(query, skip, limit);
    }

    /**
     * The answer of an aggregation that counts the documents its first {@code $match} selects
     * ({@code [{$match}, {$group: {_id: <number>, n: {$sum: 1}}}]}, the driver's countDocuments),
     * from the index when the filter is exactly an index's range; empty otherwise.
     */
    synchronized Optional<List<Document>> countStages(Document match, List<?> pipeline) {
      if (pipeline.size() != 2
          || !(pipeline.get(1) instanceof Document stage)
          || stage.size() != 1
          || !(stage.get("$group") instanceof Document group)
          || group.size() != 2
          || !(group.get("_id") instanceof Number id)
          || match.isEmpty()
          || serverPlansByIndex(match)) {
        return Optional.empty();
      }
      String counter = group.keySet().stream().filter(k -> !k.equals("_id")).findFirst().get();
      if (counter.startsWith("$")
          || !(group.get(counter) instanceof Document sum)
          || sum.size() != 1
          || !(sum.get("$sum") instanceof Integer one)
          || one != 1) {
        return Optional.empty();
      }
      Optional<IndexPlanner.Plan> plan = IndexPlanner.plan(match, null, getIndexes());
      if (plan.isEmpty() || !plan.get().exact()) {
        return Optional.empty();
      }
      long count = plan.get().count();
      if (count == 0) {
        return Optional.of(List.of());
      }
      Number n = count <= Integer.MAX_VALUE ? Integer.valueOf((int) count) : Long.valueOf(count);
      return Optional.of(List.of(new Document("_id", id).append(counter, n)));
    }

    /**
     * The answer of an aggregation that groups the documents its first {@code $match} selects by
     * fields of an index and counts them or takes the least or greatest value of the index's next
     * field ({@code [{$match}, {$group: {_id: {name: "$field", …}, n: {$sum: 1}, oldest: {$min:
     * "$next"}}}]}, the conversation gauges), from the index alone when the filter is exactly a
     * range of it: each group is found by one seek, counted from ranks, and its least and greatest
     * value are its range's first and last keys with a value. A filter of equalities and one range
     * of dates or numbers is answered with counts when an index has the equalities' fields, then
     * the grouped ones, then the range's ({@link #rangedGroups}). Empty otherwise (also when a
     * grouped value is missing from a document: the index does not tell missing from null, which
     * MongoDB groups apart), and the server reads the documents.
     */
    synchronized Optional<List<Document>> groupStages(Document match, List<?> pipeline) {
      if (pipeline.size() != 2
          || !(pipeline.get(1) instanceof Document stage)
          || stage.size() != 1
          || !(stage.get("$group") instanceof Document group)
          || match.isEmpty()
          || serverPlansByIndex(match)) {
        return Optional.empty();
      }
      Map<String, String> groupBy = new LinkedHashMap<>();
      Object id = group.get("_id");
      if (id instanceof Document fields && !fields.isEmpty()) {
        for (Map.Entry<String, Object> e : fields.entrySet()) {
          if (!(e.getValue() instanceof String ref) || !ref.startsWith("$")) {
            return Optional.empty();
          }
          groupBy.put(e.getKey(), ref.substring(1));
        }
      } else if (!(id instanceof String ref && ref.startsWith("$"))) {
        return Optional.empty();
      }
      Map<String, Object[]> accumulators = new LinkedHashMap<>();
      String compared = null;
      for (Map.Entry<String, Object> e : group.entrySet()) {
        if (e.getKey().equals("_id")) {
          continue;
        }
        if (!(e.getValue() instanceof Document acc) || acc.size() != 1) {
          return Optional.empty();
        }
        String op = acc.keySet().iterator().next();
        Object arg = acc.get(op);
        if (op.equals("$sum") && arg instanceof Integer one && one == 1) {
          accumulators.put(e.getKey(), new Object[] {op});
        } else if ((op.equals("$min") || op.equals("$max"))
            && arg instanceof String ref
            && ref.startsWith("$")
            && (compared == null || compared.equals(ref.substring(1)))) {
          compared = ref.substring(1);
          accumulators.put(e.getKey(), new Object[] {op});
        } else {
          return Optional.empty();
        }
      }
      List<String> grouped =
          id instanceof String ref ? List.of(ref.substring(1)) : List.copyOf(groupBy.values());
      Optional<IndexPlanner.Ranged> ranged = IndexPlanner.ranged(match);
      if (ranged.isPresent()) {
        return compared == null
            ? rangedGroups(ranged.get(), grouped, id, groupBy, accumulators)
            : Optional.empty();
      }
      for (Index<?> candidate : getIndexes()) {
        if (!(candidate instanceof SecondaryIndex index) || index.isMultikey()) {
          continue;
        }
        Optional<IndexPlanner.Plan> plan = IndexPlanner.plan(match, null, List.of(index));
        if (plan.isEmpty() || !plan.get().exact()) {
          continue;
        }
        List<String> fields = index.fields();
        int length = plan.get().prefixes().get(0).length;
        while (length < fields.size() && grouped.contains(fields.get(length))) {
          length++;
        }
        if (!fields.subList(0, length).containsAll(grouped)
            || (compared != null
                && (length >= fields.size() || !fields.get(length).equals(compared)))) {
          continue;
        }
        return groups(
            plan.get().index(), plan.get().prefixes(), length, null, id, groupBy, accumulators);
      }
      return Optional.empty();
    }

    /**
     * The counts of groups of documents selected by equalities and one range (the overdue and stuck
     * gauges: waiting with a deadline before a time, open with at least so many failed attempts),
     * from an index whose fields are the equalities', the grouped ones, then the range's: each
     * group found by one seek and counted by two ranks.
     */
    private Optional<List<Document>> rangedGroups(
        IndexPlanner.Ranged ranged,
        List<String> grouped,
        Object id,
        Map<String, String> groupBy,
        Map<String, Object[]> accumulators) {
      int prefix = ranged.equalities().size();
      int length = prefix + grouped.size();
      if (Set.copyOf(grouped).size() != grouped.size()) {
        return Optional.empty();
      }
      for (Index<?> candidate : getIndexes()) {
        if (!(candidate instanceof SecondaryIndex index)
            || index.isMultikey()
            || index.fields().size() <= length) {
          continue;
        }
        List<String> fields = index.fields();
        if (ranged.equalities().keySet().containsAll(fields.subList(0, prefix))
            && fields.subList(prefix, length).containsAll(grouped)
            && fields.get(length).equals(ranged.field())) {
          return groups(
              index,
              ranged.prefixes(fields.subList(0, prefix)),
              length,
              ranged.range(),
              id,
              groupBy,
              accumulators);
        }
      }
      return Optional.empty();
    }

    /**
     * The groups of the first {@code length} fields under each of {@code prefixes}, with their
     * accumulators; with a {@code range} of the next field, only those with documents in it.
     */
    private static Optional<List<Document>> groups(
        SecondaryIndex index,
        List<Object[]> prefixes,
        int length,
        IndexPlanner.Range range,
        Object id,
        Map<String, String> groupBy,
        Map<String, Object[]> accumulators) {
      List<String> fields = index.fields();
      List<Document> answer = new ArrayList<>();
      for (Object[] prefix : prefixes) {
        for (Object[] values : index.prefixes(prefix, length)) {
          if (Arrays.asList(values).contains(null)) {
            return Optional.empty();
          }
          long count = range == null ? index.count(values) : index.count(values, range);
          if (count == 0) {
            continue;
          }
          Document row = new Document();
          if (id instanceof String ref) {
            row.put("_id", values[fields.indexOf(ref.substring(1))]);
          } else {
            Document key = new Document();
            groupBy.forEach((name, field) -> key.put(name, values[fields.indexOf(field)]));
            row.put("_id", key);
          }
          for (Map.Entry<String, Object[]> acc : accumulators.entrySet()) {
            String op = (String) acc.getValue()[0];
            if (op.equals("$sum")) {
              row.put(
                  acc.getKey(),
                  count <= Integer.MAX_VALUE ? Integer.valueOf((int) count) : Long.valueOf(count));
            } else {
              row.put(acc.getKey(), index.extreme(values, op.equals("$min")));
            }
          }
          answer.add(row);
        }
      }
      return Optional.of(answer);
    }

    /**
     * The documents an aggregation reads: those its first {@code $match} can select by index (each
     * still matched by that stage), or all.
     */
    @Override
    public Stream<Document> queryAllAsStream() {
      Document match = firstScanMatches.get();
      if (match != null) {
        firstScanMatches.remove();
        Optional<Stream<Document>> candidates = candidates(match);
        if (candidates.isPresent()) {
          return candidates.get();
        }
      }
      return super.queryAllAsStream();
    }

    /**
     * The documents the index range of {@code match} selects, read one by one as the aggregation
     * asks for them and without the collection's lock, as the server reads a collection for an
     * aggregation: writes go on meanwhile (the command reads the store version it holds, and every
     * document is still matched by the stage), so a count over a million open conversations does
     * not hold up the steps that change them.
     */
    private Optional<Stream<Document>> candidates(Document match) {
      if (serverPlansByIndex(match)) {
        return Optional.empty();
      }
      Optional<IndexPlanner.Plan> plan = IndexPlanner.plan(match, null, getIndexes());
      if (plan.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          plan.get().positionsInScanOrder().stream()
              .map(this::getDocument)
              .filter(Objects::nonNull)
              .peek(document -> examined.increment()));
    }

    @Override
    protected boolean documentMatchesQuery(Document document, Document query) {
      examined.increment();
      return super.documentMatchesQuery(document, query);
    }
  }
}
