package io.chatflows.embedded.mongo;

import de.bwaldvogel.mongo.backend.DocumentComparator;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A query's sort, as mongo-java-server's {@link DocumentComparator} orders documents, reading each
 * document's sort values once. The server's comparator looks every sort field up again in both
 * documents at each comparison (splitting the field's path with a regular expression each time), so
 * sorting 40 documents made about 400 such lookups; here there are 40 per field.
 *
 * <p>One instance serves one sort of one query: it keeps the values of the documents it has seen.
 */
final class SortOrder implements Comparator<Document> {

  private final String[] fields;
  private final ValueComparator[] directions;
  private final Map<Document, Object[]> values = new IdentityHashMap<>();

  private SortOrder(String[] fields, ValueComparator[] directions) {
    this.fields = fields;
    this.directions = directions;
  }

  /**
   * The order of {@code orderBy}: null when it gives none (absent, empty or {@code $natural}, as
   * the server decides); the server's own comparator for a sort it would not read as plain fields
   * and directions.
   */
  static Comparator<Document> of(Document orderBy) {
    if (orderBy == null
        || orderBy.isEmpty()
        || "$natural".equals(orderBy.keySet().iterator().next())) {
      return null;
    }
    String[] fields = new String[orderBy.size()];
    ValueComparator[] directions = new ValueComparator[orderBy.size()];
    int i = 0;
    for (Map.Entry<String, Object> field : orderBy.entrySet()) {
      if (!(field.getValue() instanceof Number direction)) {
        return new DocumentComparator(orderBy);
      }
      fields[i] = field.getKey();
      directions[i] = direction.intValue() > 0 ? ValueComparator.asc() : ValueComparator.desc();
      i++;
    }
    return new SortOrder(fields, directions);
  }

  @Override
  public int compare(Document a, Document b) {
    Object[] first = values.computeIfAbsent(a, this::read);
    Object[] second = values.computeIfAbsent(b, this::read);
    for (int i = 0; i < fields.length; i++) {
      int order = directions[i].compare(first[i], second[i]);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  private Object[] read(Document document) {
    Object[] read = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      read[i] = Utils.getSubdocumentValueCollectionAware(document, fields[i]);
    }
    return read;
  }
}
