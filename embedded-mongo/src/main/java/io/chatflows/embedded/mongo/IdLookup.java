package io.chatflows.embedded.mongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the candidates of a query that names its documents by {@code _id} in the collection's
 * {@code _id} index, for the embedded MongoDB-wire server.
 *
 * <p>mongo-java-server uses an index only when the query's top-level fields are exactly the index's
 * fields. The driver renders {@code and(eq("_id", id), eq("countSeq", n))} as {@code {$and: [{_id:
 * id}, {countSeq: n}]}}, and a filter such as {@code {_id: id, stepCount: n}} has more fields than
 * the {@code _id} index: both scanned the whole collection, so every conditional update,
 * find-and-modify and delete cost time in proportion to the documents stored. A document that
 * matches such a query must have that {@code _id} (or one of the {@code _id}s of an {@code $in}),
 * so looking them up by {@code _id} and then matching the whole query against them finds exactly
 * the same documents.
 */
final class IdLookup {

  private IdLookup() {}

  /**
   * The positions of the documents whose {@code _id} is one {@code query} requires, from the
   * collection's {@code _id} index, in the order of a collection scan; empty when the query
   * requires no {@code _id} values (or the collection has no {@code _id} index): the server's own
   * plan applies then.
   */
  static <P> Optional<Iterable<P>> candidates(
      Document query, String idField, List<Index<P>> indexes) {
    if (query == null || idField == null) {
      return Optional.empty();
    }
    List<Object> ids = requiredIds(query, idField);
    if (ids == null) {
      return Optional.empty();
    }
    for (Index<P> index : indexes) {
      if (index.getKeys().size() == 1
          && index.getKeys().get(0).getKey().equals(idField)
          && index.canHandle(new Document(idField, ids.get(0)))) {
        Set<P> positions = new LinkedHashSet<>();
        for (Object id : ids) {
          index.getPositions(new Document(idField, id)).forEach(positions::add);
        }
        List<P> inScanOrder = new ArrayList<>(positions);
        inScanOrder.sort(SecondaryIndex.POSITION_ORDER::compare);
        return Optional.of(inScanOrder);
      }
    }
    return Optional.empty();
  }

  /**
   * The values {@code query} requires {@code _id} to be one of: a plain value, {@code $eq} or an
   * {@code $in} of plain values, at its top level or in a top-level {@code $and} (at any depth of
   * {@code $and}s); null when it requires none.
   */
  static List<Object> requiredIds(Document query, String idField) {
    for (var entry : query.entrySet()) {
      Object value = entry.getValue();
      if (entry.getKey().equals(idField)) {
        List<Object> ids = ids(value);
        if (ids != null) {
          return ids;
        }
      } else if (entry.getKey().equals("$and") && value instanceof Collection<?> clauses) {
        for (Object clause : clauses) {
          if (clause instanceof Document d) {
            List<Object> ids = requiredIds(d, idField);
            if (ids != null) {
              return ids;
            }
          }
        }
      }
    }
    return null;
  }

  private static List<Object> ids(Object condition) {
    if (isPlainValue(condition)) {
      return List.of(condition);
    }
    if (condition instanceof Document d && d.size() == 1) {
      Object operand = d.values().iterator().next();
      if (d.containsKey("$eq") && isPlainValue(operand)) {
        return List.of(operand);
      }
      if (d.containsKey("$in") && operand instanceof Collection<?> in && !in.isEmpty()) {
        List<Object> ids = new ArrayList<>();
        for (Object id : in) {
          if (!isPlainValue(id)) {
            return null;
          }
          ids.add(id);
        }
        return ids;
      }
    }
    return null;
  }

  private static boolean isPlainValue(Object value) {
    return value != null
        && !(value instanceof Document)
        && !(value instanceof Collection<?>)
        && !value.getClass().isArray()
        && !BsonRegularExpression.isRegularExpression(value);
  }
}
