package io.chatflows.standalone;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Finds the candidates of a query that names its document by {@code _id} in the collection's {@code
 * _id} index, for the embedded MongoDB-wire server.
 *
 * <p>mongo-java-server uses an index only when the query's top-level fields are exactly the index's
 * fields. The driver renders {@code and(eq("_id", id), eq("countSeq", n))} as {@code {$and: [{_id:
 * id}, {countSeq: n}]}}, and a filter such as {@code {_id: id, stepCount: n}} has more fields than
 * the {@code _id} index: both scanned the whole collection, so every conditional update,
 * find-and-modify and delete cost time in proportion to the documents stored. A document that
 * matches such a query must have that {@code _id}, so looking it up by {@code _id} and then
 * matching the whole query against it finds exactly the same documents.
 */
final class IdLookup {

  private IdLookup() {}

  /**
   * The positions of the documents whose {@code _id} equals the one {@code query} requires, from
   * the collection's {@code _id} index; empty when the query requires no single {@code _id} value
   * (or the collection has no {@code _id} index): the server's own plan applies then.
   */
  static <P> Optional<Iterable<P>> candidates(
      Document query, String idField, List<Index<P>> indexes) {
    if (query == null || idField == null) {
      return Optional.empty();
    }
    Object id = requiredId(query, idField);
    if (id == null) {
      return Optional.empty();
    }
    Document byId = new Document(idField, id);
    for (Index<P> index : indexes) {
      if (index.getKeys().size() == 1
          && index.getKeys().get(0).getKey().equals(idField)
          && index.canHandle(byId)) {
        return Optional.of(index.getPositions(byId));
      }
    }
    return Optional.empty();
  }

  /**
   * The value {@code query} requires {@code _id} to equal, at its top level or in a top-level
   * {@code $and} (at any depth of {@code $and}s), or null. Only plain values count: a regular
   * expression, an array, a sub-document or an operator other than {@code $eq} is left to the
   * server's own plan.
   */
  static Object requiredId(Document query, String idField) {
    for (var entry : query.entrySet()) {
      Object value = entry.getValue();
      if (entry.getKey().equals(idField)) {
        Object id = value instanceof Document d && d.size() == 1 ? d.get("$eq") : value;
        if (isPlainValue(id)) {
          return id;
        }
      } else if (entry.getKey().equals("$and") && value instanceof Collection<?> clauses) {
        for (Object clause : clauses) {
          if (clause instanceof Document d) {
            Object id = requiredId(d, idField);
            if (id != null) {
              return id;
            }
          }
        }
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
