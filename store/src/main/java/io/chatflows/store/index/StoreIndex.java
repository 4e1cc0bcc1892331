package io.chatflows.store.index;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;

/**
 * One index a store's queries need.
 *
 * @param document the document class whose collection gets the index
 * @param exactMatch only for the embedded MongoDB-wire server ({@code
 *     chatflow.store.exact-match-indexes}): it uses an index only for a query on exactly the
 *     index's fields, so a conditional update of one document ({@code _id} plus a condition) needed
 *     a unique index on exactly those fields, where MongoDB itself uses the {@code _id} index; the
 *     embedded server's own lookup by {@code _id} answers those updates now, so they are off by
 *     default and dropped when off ({@link StoreIndexes})
 */
public record StoreIndex(Class<?> document, Index definition, boolean exactMatch) {

  /** An ascending index on these fields. */
  public static StoreIndex on(Class<?> document, String... fields) {
    return new StoreIndex(document, ascending(fields), false);
  }

  /** A unique ascending index on these fields. */
  public static StoreIndex unique(Class<?> document, String... fields) {
    return new StoreIndex(document, ascending(fields).unique(), false);
  }

  /** An index built field by field, for a mix of directions. */
  public static StoreIndex of(Class<?> document, Index definition) {
    return new StoreIndex(document, definition, false);
  }

  /**
   * A unique index on exactly the fields of a conditional update that starts with {@code _id}, for
   * the embedded server only (unique because {@code _id} is).
   */
  public static StoreIndex exactMatch(Class<?> document, String... fields) {
    return new StoreIndex(document, ascending(fields).unique(), true);
  }

  private static Index ascending(String... fields) {
    Index index = new Index();
    for (String field : fields) {
      index.on(field, Sort.Direction.ASC);
    }
    return index;
  }
}
