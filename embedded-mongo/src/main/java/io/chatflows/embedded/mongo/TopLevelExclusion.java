package io.chatflows.embedded.mongo;

import de.bwaldvogel.mongo.bson.Document;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A projection that only leaves out top-level fields ({@code {flowData: 0, steps: 0}}), applied as
 * a copy of the document's other top-level fields. mongo-java-server's own projection copies the
 * whole document deeply first (every nested document and array) and then removes the fields: a page
 * of 20 flows without their graphs copied each flow's lists of node and edge keys. The values are
 * shared with the stored document, as an answer without a projection shares the stored document
 * itself: a stored instance is never changed (see {@code DurableH2Backend.IndexedCollection}).
 */
final class TopLevelExclusion {

  private final Set<String> excluded;

  private TopLevelExclusion(Set<String> excluded) {
    this.excluded = excluded;
  }

  /**
   * The projection {@code fieldSelector} as such an exclusion; empty for any other projection
   * (inclusions, paths, operators), which the server applies itself.
   */
  static Optional<TopLevelExclusion> of(Document fieldSelector) {
    if (fieldSelector == null || fieldSelector.isEmpty()) {
      return Optional.empty();
    }
    Set<String> excluded = new HashSet<>();
    for (Map.Entry<String, Object> field : fieldSelector.entrySet()) {
      String name = field.getKey();
      Object value = field.getValue();
      boolean excludes =
          Boolean.FALSE.equals(value) || (value instanceof Number n && n.doubleValue() == 0);
      if (!excludes || name.isEmpty() || name.indexOf('.') >= 0 || name.startsWith("$")) {
        return Optional.empty();
      }
      excluded.add(name);
    }
    return Optional.of(new TopLevelExclusion(excluded));
  }

  Document apply(Document document) {
    Document projected = new Document();
    for (Map.Entry<String, Object> field : document.entrySet()) {
      if (!excluded.contains(field.getKey())) {
        projected.put(field.getKey(), field.getValue());
      }
    }
    return projected;
  }
}
