package io.chatflows.store.index;

import java.util.List;

/**
 * A store whose queries need indexes. It declares them next to the queries that use them; {@link
 * StoreIndexes} creates every declared index at start-up.
 */
public interface IndexedStore {

  List<StoreIndex> indexes();
}
