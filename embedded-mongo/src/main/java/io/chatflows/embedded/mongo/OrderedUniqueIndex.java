package io.chatflows.embedded.mongo;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * A unique index of the embedded MongoDB-wire server (the {@code _id} index of every collection
 * among them) whose keys are ordered by their values, as MongoDB orders values.
 *
 * <p>mongo-java-server's H2 backend keeps a unique index in an {@link MVMap} keyed by {@link
 * KeyValue} with H2's default key type, which orders objects it does not know by their Java
 * serialisation: each of the twenty or so comparisons of a lookup in a million keys serialised both
 * keys, so every read or write by {@code _id} allocated kilobytes and took microseconds per
 * comparison. Here a key is compared value by value ({@link ValueComparator}) and written value by
 * value ({@link SecondaryIndex.KeyType#writeValue}). The maps' order differs, so the index lives in
 * a map of its own name: {@link #open} builds it once from the stock map of a data file written
 * before, and removes that.
 */
final class OrderedUniqueIndex extends AbstractUniqueIndex<Object> {

  private final MVMap<KeyValue, Object> entries;

  private OrderedUniqueIndex(
      MVMap<KeyValue, Object> entries, String name, List<IndexKey> keys, boolean sparse) {
    super(name, keys, sparse);
    this.entries = entries;
  }

  /**
   * Opens the unique index whose stock map is {@code stockMapName}, in the map named by {@link
   * #mapName}: built from the stock map's entries the first time (the collection's {@code meta} map
   * records that it was built, in the same commit as its last entries, so a build cut short is
   * redone), the stock map removed once it is.
   */
  static OrderedUniqueIndex open(
      MVStore store,
      String stockMapName,
      MVMap<String, Object> collectionMeta,
      String name,
      List<IndexKey> keys,
      boolean sparse) {
    MVMap<KeyValue, Object> entries =
        store.openMap(
            mapName(stockMapName), new MVMap.Builder<KeyValue, Object>().keyType(new KeyType()));
    String built = builtKey(name);
    if (!Boolean.TRUE.equals(collectionMeta.get(built))) {
      entries.clear();
      if (store.hasMap(stockMapName)) {
        MVMap<KeyValue, Object> stock = store.openMap(stockMapName);
        for (Entry<KeyValue, Object> entry : stock.entrySet()) {
          entries.put(entry.getKey(), entry.getValue());
        }
      }
      collectionMeta.put(built, Boolean.TRUE);
    }
    if (store.hasMap(stockMapName)) {
      store.removeMap(stockMapName);
    }
    return new OrderedUniqueIndex(entries, name, keys, sparse);
  }

  /** Removes the index's map and its mark, when the index or its collection is dropped. */
  static void remove(
      MVStore store, String stockMapName, MVMap<String, Object> collectionMeta, String name) {
    if (store.hasMap(mapName(stockMapName))) {
      store.removeMap(mapName(stockMapName));
    }
    collectionMeta.remove(builtKey(name));
  }

  private static String mapName(String stockMapName) {
    return stockMapName + ".ordered";
  }

  private static String builtKey(String name) {
    return "ordered." + name;
  }

  @Override
  protected Object removeDocument(KeyValue keyValue) {
    return entries.remove(keyValue);
  }

  @Override
  protected boolean putKeyPosition(KeyValue keyValue, Object position) {
    return entries.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
  }

  @Override
  protected Iterable<Entry<KeyValue, Object>> getIterable() {
    return entries.entrySet();
  }

  @Override
  protected Object getPosition(KeyValue keyValue) {
    return entries.get(keyValue);
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

  /** Keys compared value by value in MongoDB's order of values, written value by value. */
  static final class KeyType extends BasicDataType<KeyValue> {

    @Override
    public int compare(KeyValue a, KeyValue b) {
      int size = Math.min(a.size(), b.size());
      for (int i = 0; i < size; i++) {
        int cmp = ValueComparator.asc().compare(a.get(i), b.get(i));
        if (cmp != 0) {
          return cmp;
        }
      }
      return Integer.compare(a.size(), b.size());
    }

    @Override
    public int getMemory(KeyValue key) {
      return SecondaryIndex.KeyType.memoryOf(key);
    }

    @Override
    public void write(WriteBuffer buff, KeyValue key) {
      buff.putVarInt(key.size());
      for (Object value : key) {
        SecondaryIndex.KeyType.writeValue(buff, value);
      }
    }

    @Override
    public KeyValue read(ByteBuffer buff) {
      int size = org.h2.mvstore.DataUtils.readVarInt(buff);
      List<Object> values = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        values.add(SecondaryIndex.KeyType.readValue(buff));
      }
      return new KeyValue(values);
    }

    @Override
    public KeyValue[] createStorage(int size) {
      return new KeyValue[size];
    }
  }
}
