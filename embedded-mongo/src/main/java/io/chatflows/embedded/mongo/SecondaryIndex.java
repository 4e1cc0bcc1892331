package io.chatflows.embedded.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A non-unique (compound) index of the embedded MongoDB-wire server, kept in an H2 {@link MVMap} of
 * the same store as the documents, so it commits with them.
 *
 * <p>An entry's key is the document's values of the index's fields (a missing field as null, as
 * MongoDB indexes it) followed by the document's position (its {@code _id}), ordered field by field
 * in the index's directions with mongo-java-server's own comparison of values (MongoDB's order of
 * types), then by position; its value is empty. So the documents with given values of the first
 * fields are one contiguous range, walked in the order of the next fields, and the size of a range
 * is two rank lookups ({@link MVMap#getKeyIndex}). Maintained by the collection on every insert,
 * update and delete, like its unique indexes; built from the stored documents when created on a
 * collection that has some.
 *
 * <p>A document with an array in an indexed field (MongoDB's multikey) marks the index as such for
 * good; such an index is not used to plan queries (its values would need one entry per element),
 * only maintained.
 */
final class SecondaryIndex extends Index<Object> {

  private static final ObjectDataType POSITIONS = new ObjectDataType();

  /** How positions (the data map's keys) are ordered: the order of a collection scan. */
  static final Comparator<Object> POSITION_ORDER = POSITIONS::compare;

  private final MVMap<Object, Object> entries;
  private final MVMap<String, Object> meta;
  private final String multikeyKey;
  private final boolean[] ascending;

  /** Each indexed field's path, split once (every write reads each field twice). */
  private final String[][] paths;

  private final String idField;

  SecondaryIndex(
      MVStore store,
      String mapName,
      MVMap<String, Object> collectionMeta,
      String name,
      List<IndexKey> keys,
      String idField) {
    super(name, keys, false);
    this.ascending = new boolean[keys.size()];
    this.paths = new String[keys.size()][];
    for (int i = 0; i < ascending.length; i++) {
      ascending[i] = keys.get(i).isAscending();
      paths[i] = keys.get(i).getKey().split("\\.");
    }
    this.entries =
        store.openMap(
            mapName, new MVMap.Builder<Object, Object>().keyType(new KeyType(ascending.clone())));
    this.meta = collectionMeta;
    this.multikeyKey = "multikey." + name;
    this.idField = idField;
  }

  /** The index's field names, in order. */
  List<String> fields() {
    return keys();
  }

  boolean isAscending(int field) {
    return ascending[field];
  }

  /** Whether a document ever had an array in an indexed field: then queries are not planned. */
  boolean isMultikey() {
    return Boolean.TRUE.equals(meta.get(multikeyKey));
  }

  private Object[] key(Document document, Object position) {
    List<String> fields = keys();
    Object[] key = new Object[fields.size() + 1];
    for (int i = 0; i < fields.size(); i++) {
      Object value = valueOf(document, i);
      if (value instanceof Missing) {
        value = null;
      } else if (value instanceof Collection<?> && !isMultikey()) {
        meta.put(multikeyKey, Boolean.TRUE);
      }
      key[i] = value;
    }
    key[fields.size()] = position;
    return key;
  }

  /**
   * The document's value of indexed field {@code field}, as {@link
   * Utils#getSubdocumentValueCollectionAware} reads it: walked along the split path through
   * embedded documents; a path through an array is left to that method.
   */
  private Object valueOf(Document document, int field) {
    String[] path = paths[field];
    Document at = document;
    for (int i = 0; i < path.length - 1; i++) {
      Object next = at.getOrMissing(path[i]);
      if (next instanceof Document embedded) {
        at = embedded;
      } else if (next instanceof Collection<?>) {
        return Utils.getSubdocumentValueCollectionAware(document, keys().get(field));
      } else {
        return Missing.getInstance();
      }
    }
    return at.getOrMissing(path[path.length - 1]);
  }

  private Object positionOf(Document document) {
    return Utils.getSubdocumentValueCollectionAware(document, idField);
  }

  @Override
  public Object getPosition(Document document) {
    // Positions come from the _id index; null leaves them to it.
    return null;
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {}

  @Override
  public void add(Document document, Object position, MongoCollection<Object> collection) {
    entries.put(key(document, position), Boolean.TRUE);
  }

  @Override
  public Object remove(Document document) {
    Object position = positionOf(document);
    entries.remove(key(document, position));
    return position;
  }

  @Override
  public void checkUpdate(
      Document oldDocument, Document newDocument, MongoCollection<Object> collection) {}

  @Override
  public void updateInPlace(
      Document oldDocument,
      Document newDocument,
      Object position,
      MongoCollection<Object> collection) {
    Object[] before = key(oldDocument, position);
    Object[] after = key(newDocument, position);
    if (KeyType.compareKeys(before, after, ascending) != 0) {
      entries.remove(before);
      entries.put(after, Boolean.TRUE);
    }
  }

  @Override
  public boolean canHandle(Document query) {
    // Never the server's own plan: queries are planned by IndexPlanner.
    return false;
  }

  @Override
  public Iterable<Object> getPositions(Document query) {
    throw new UnsupportedOperationException("planned by IndexPlanner");
  }

  @Override
  public long getCount() {
    return entries.sizeAsLong();
  }

  @Override
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }

  @Override
  public void drop() {
    // The map itself is removed by the database (H2Database.dropIndex, dropCollection).
    meta.remove(multikeyKey);
  }

  /** How many entries start with these values of the first {@code prefix.length} fields. */
  long count(Object[] prefix) {
    return rank(new Bound(prefix, true)) - rank(new Bound(prefix, false));
  }

  /**
   * How many entries start with these values of the first {@code prefix.length} fields and have a
   * value of the next field in {@code range}: two rank lookups.
   */
  long count(Object[] prefix, IndexPlanner.Range range) {
    Object[] low = Arrays.copyOf(prefix, prefix.length + 1);
    low[prefix.length] = range.low();
    Object[] high = Arrays.copyOf(prefix, prefix.length + 1);
    high[prefix.length] = range.high();
    long from;
    long to;
    if (ascending[prefix.length]) {
      from = rank(new Bound(low, !range.lowInclusive()));
      to = rank(new Bound(high, range.highInclusive()));
    } else {
      from = rank(new Bound(high, !range.highInclusive()));
      to = rank(new Bound(low, range.lowInclusive()));
    }
    return Math.max(0, to - from);
  }

  private long rank(Bound bound) {
    // A bound equals no key: getKeyIndex answers -(insertion point + 1).
    return -(entries.getKeyIndex(bound) + 1);
  }

  /**
   * The keys that start with these values of the first {@code prefix.length} fields, in the order
   * of the next {@code sortFields} fields (the index's directions, or all reversed), documents with
   * equal values of those fields in position order (the order in which a scan meets them, so a
   * stable sort of a scan gives the same sequence).
   */
  Iterator<Object[]> walk(Object[] prefix, int sortFields, boolean reverse) {
    Bound low = new Bound(prefix, false);
    Bound high = new Bound(prefix, true);
    Cursor<Object, Object> cursor =
        reverse ? entries.cursor(high, low, true) : entries.cursor(low, high, false);
    int tied = prefix.length + sortFields;
    boolean needsReordering = reverse || tied < ascending.length;
    return new Iterator<>() {
      private final List<Object[]> group = new ArrayList<>();
      private int next;
      private Object[] lookahead;

      @Override
      public boolean hasNext() {
        if (next < group.size()) {
          return true;
        }
        group.clear();
        next = 0;
        if (lookahead == null && cursor.hasNext()) {
          lookahead = (Object[]) cursor.next();
        }
        if (lookahead == null) {
          return false;
        }
        group.add(lookahead);
        lookahead = null;
        while (cursor.hasNext()) {
          Object[] key = (Object[]) cursor.next();
          if (!needsReordering || !sameValues(group.get(0), key, tied)) {
            lookahead = key;
            break;
          }
          group.add(key);
        }
        if (group.size() > 1) {
          group.sort((a, b) -> POSITION_ORDER.compare(a[a.length - 1], b[b.length - 1]));
        }
        return true;
      }

      @Override
      public Object[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return group.get(next++);
      }
    };
  }

  /**
   * The distinct values of the first {@code length} fields among the keys that start with {@code
   * prefix}, in the index's order: one seek per value found (a skip scan), not a walk of the keys.
   */
  List<Object[]> prefixes(Object[] prefix, int length) {
    List<Object[]> found = new ArrayList<>();
    Object[] key = first(prefix);
    if (key == null) {
      return found;
    }
    if (prefix.length >= length) {
      found.add(prefix);
      return found;
    }
    while (key != null) {
      Object[] longer = Arrays.copyOf(key, prefix.length + 1);
      found.addAll(prefixes(longer, length));
      Object next = entries.ceilingKey(new Bound(longer, true));
      key = next instanceof Object[] k && sameValues(k, prefix, prefix.length) ? k : null;
    }
    return found;
  }

  /** The first key, in the index's order, that starts with {@code prefix}; null when none does. */
  Object[] first(Object[] prefix) {
    Object key = entries.ceilingKey(new Bound(prefix, false));
    return key instanceof Object[] k && sameValues(k, prefix, prefix.length) ? k : null;
  }

  /**
   * The least ({@code least}) or greatest value of the field after {@code prefix} among the keys
   * that start with it, a missing value not counted (MongoDB's {@code $min} and {@code $max}); null
   * when every key has it missing or none starts with it.
   */
  Object extreme(Object[] prefix, boolean least) {
    int field = prefix.length;
    boolean ascendingField = ascending[field];
    Object[] key;
    if (least) {
      // Missing values (null in a key) sort before every other value: at the start of an
      // ascending field's range, at the end of a descending one; the least value is next to them.
      Bound missing = new Bound(Arrays.copyOf(prefix, field + 1), ascendingField);
      Object found = ascendingField ? entries.ceilingKey(missing) : entries.floorKey(missing);
      key = found instanceof Object[] k && sameValues(k, prefix, field) ? k : null;
    } else {
      key = ascendingField ? last(prefix) : first(prefix);
    }
    return key == null ? null : key[field];
  }

  /** The last key, in the index's order, that starts with {@code prefix}; null when none does. */
  Object[] last(Object[] prefix) {
    Object key = entries.floorKey(new Bound(prefix, true));
    return key instanceof Object[] k && sameValues(k, prefix, prefix.length) ? k : null;
  }

  private static boolean sameValues(Object[] a, Object[] b, int fields) {
    for (int i = 0; i < fields; i++) {
      if (ValueComparator.asc().compare(a[i], b[i]) != 0) {
        return false;
      }
    }
    return true;
  }

  /** The key just before ({@code high = false}) or after every key starting with {@code prefix}. */
  private record Bound(Object[] prefix, boolean high) {}

  /** Keys: the fields' values, then the position. */
  static final class KeyType extends BasicDataType<Object> {

    private static final byte INSTANT = 1;
    private static final byte OTHER = 2;
    private static final ObjectDataType VALUES = new ObjectDataType();

    private final boolean[] ascending;

    KeyType(boolean[] ascending) {
      this.ascending = ascending;
    }

    @Override
    public int compare(Object a, Object b) {
      if (a instanceof Bound bound) {
        return -compareToBound((Object[]) b, bound);
      }
      if (b instanceof Bound bound) {
        return compareToBound((Object[]) a, bound);
      }
      return compareKeys((Object[]) a, (Object[]) b, ascending);
    }

    private int compareToBound(Object[] key, Bound bound) {
      int cmp = compareFields(key, bound.prefix(), bound.prefix().length, ascending);
      return cmp != 0 ? cmp : bound.high() ? -1 : 1;
    }

    static int compareKeys(Object[] a, Object[] b, boolean[] ascending) {
      int cmp = compareFields(a, b, ascending.length, ascending);
      return cmp != 0 ? cmp : POSITION_ORDER.compare(a[a.length - 1], b[b.length - 1]);
    }

    private static int compareFields(Object[] a, Object[] b, int fields, boolean[] ascending) {
      for (int i = 0; i < fields; i++) {
        int cmp = ValueComparator.asc().compare(a[i], b[i]);
        if (cmp != 0) {
          return ascending[i] ? cmp : -cmp;
        }
      }
      return 0;
    }

    @Override
    public int getMemory(Object obj) {
      return memoryOf(Arrays.asList((Object[]) obj));
    }

    /** An estimate of a key's size in memory, for H2's page cache. */
    static int memoryOf(Iterable<?> values) {
      int memory = 24;
      for (Object value : values) {
        memory += value instanceof String s ? 40 + 2 * s.length() : 24;
      }
      return memory;
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
      Object[] key = (Object[]) obj;
      buff.putVarInt(key.length);
      for (Object value : key) {
        writeValue(buff, value);
      }
    }

    /** Writes one value of a key: a date compactly, anything else as H2 writes objects. */
    static void writeValue(WriteBuffer buff, Object value) {
      if (value instanceof Instant instant) {
        buff.put(INSTANT).putLong(instant.getEpochSecond()).putInt(instant.getNano());
      } else {
        buff.put(OTHER);
        VALUES.write(buff, value);
      }
    }

    /** Reads one value {@link #writeValue} wrote. */
    static Object readValue(ByteBuffer buff) {
      return buff.get() == INSTANT
          ? Instant.ofEpochSecond(buff.getLong(), buff.getInt())
          : VALUES.read(buff);
    }

    @Override
    public Object read(ByteBuffer buff) {
      int length = org.h2.mvstore.DataUtils.readVarInt(buff);
      Object[] key = new Object[length];
      for (int i = 0; i < length; i++) {
        key[i] = readValue(buff);
      }
      return key;
    }

    @Override
    public Object[] createStorage(int size) {
      return new Object[size];
    }
  }
}
