package io.chatflows.embedded.mongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Plans a query of the embedded MongoDB-wire server on its {@link SecondaryIndex secondary
 * indexes}: MongoDB's rule, equality fields first, then the sort.
 *
 * <p>When the filter's equality conditions (a plain value or {@code $eq}, at the top level or in an
 * {@code $and}; an {@code $in} of plain values as several equalities) fix the first fields of an
 * index, the documents those values select are one range of the index per combination of values. If
 * the sort is on the index's next fields (in its directions or all reversed), the ranges are walked
 * in the sort's order and merged, so a page of a sorted list reads only as many documents as it
 * skips and returns (plus those the rest of the filter turns down). The whole filter is matched
 * against every document read: the index only chooses which documents to read. A count whose filter
 * is exactly such equalities of strings, booleans, dates or object ids is the size of the ranges,
 * read without reading a document. A filter the indexes cannot narrow is left to the server's own
 * plan (a scan).
 */
final class IndexPlanner {

  /** Above this many combinations of {@code $in} values, fewer fields are used. */
  private static final int MAX_RANGES = 256;

  private IndexPlanner() {}

  /**
   * A plan: one index, the value combinations of its first {@code prefixLength} fields, and whether
   * walking it gives the sort (then {@code sortFields} fields after the prefix, {@code reverse} if
   * against the index's directions).
   */
  record Plan(
      SecondaryIndex index,
      List<Object[]> prefixes,
      int sortFields,
      boolean reverse,
      boolean sorted,
      boolean exact) {

    /** The number of documents the filter selects; only for an {@link #exact} plan. */
    long count() {
      long count = 0;
      for (Object[] prefix : prefixes) {
        count += index.count(prefix);
      }
      return count;
    }

    /** The candidates' positions in the order of a collection scan. */
    List<Object> positionsInScanOrder() {
      List<Object> positions = new ArrayList<>();
      for (Object[] prefix : prefixes) {
        Iterator<Object[]> keys = index.walk(prefix, 0, false);
        while (keys.hasNext()) {
          Object[] key = keys.next();
          positions.add(key[key.length - 1]);
        }
      }
      positions.sort(SecondaryIndex.POSITION_ORDER);
      return positions;
    }

    /**
     * The candidates' positions in the sort's order, documents with equal sort values in the order
     * of a collection scan (as the server's stable sort leaves them); lazily, so reading stops with
     * the page.
     */
    Stream<Object> positionsInSortOrder() {
      int from = prefixes.get(0).length;
      Comparator<Object[]> order =
          (a, b) -> {
            for (int i = from; i < from + sortFields; i++) {
              int cmp = ValueComparator.asc().compare(a[i], b[i]);
              if (cmp != 0) {
                return index.isAscending(i) != reverse ? cmp : -cmp;
              }
            }
            return SecondaryIndex.POSITION_ORDER.compare(a[a.length - 1], b[b.length - 1]);
          };
      List<Iterator<Object[]>> walks = new ArrayList<>();
      for (Object[] prefix : prefixes) {
        walks.add(index.walk(prefix, sortFields, reverse));
      }
      Iterator<Object[]> merged = walks.size() == 1 ? walks.get(0) : merge(walks, order);
      return StreamSupport.stream(
              Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED), false)
          .map(key -> key[key.length - 1]);
    }
  }

  private static Iterator<Object[]> merge(List<Iterator<Object[]>> walks, Comparator<Object[]> by) {
    record Head(Object[] key, Iterator<Object[]> rest) {}
    PriorityQueue<Head> heads = new PriorityQueue<>((x, y) -> by.compare(x.key(), y.key()));
    for (Iterator<Object[]> walk : walks) {
      if (walk.hasNext()) {
        heads.add(new Head(walk.next(), walk));
      }
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !heads.isEmpty();
      }

      @Override
      public Object[] next() {
        Head head = heads.remove();
        if (head.rest().hasNext()) {
          heads.add(new Head(head.rest().next(), head.rest()));
        }
        return head.key();
      }
    };
  }

  /**
   * The best plan for {@code query} sorted by {@code orderBy} (null or {@code $natural}: no sort)
   * on these indexes, or empty when no index narrows it.
   */
  static Optional<Plan> plan(Document query, Document orderBy, List<? extends Index<?>> indexes) {
    if (query == null || query.isEmpty()) {
      return Optional.empty();
    }
    Conditions conditions = new Conditions();
    conditions.collect(query);
    List<Map.Entry<String, Integer>> sort = sortFields(orderBy);
    Plan best = null;
    int bestScore = 0;
    for (Index<?> candidate : indexes) {
      if (!(candidate instanceof SecondaryIndex index) || index.isMultikey()) {
        continue;
      }
      List<String> fields = index.fields();
      int prefix = 0;
      long ranges = 1;
      while (prefix < fields.size() && conditions.equalities.containsKey(fields.get(prefix))) {
        long more = ranges * conditions.equalities.get(fields.get(prefix)).size();
        if (more > MAX_RANGES) {
          break;
        }
        ranges = more;
        prefix++;
      }
      if (prefix == 0) {
        continue;
      }
      boolean sorted = false;
      boolean reverse = false;
      if (!sort.isEmpty() && prefix + sort.size() <= fields.size()) {
        sorted = true;
        for (int j = 0; j < sort.size() && sorted; j++) {
          int i = prefix + j;
          boolean wantAscending = sort.get(j).getValue() > 0;
          boolean against = index.isAscending(i) != wantAscending;
          sorted = fields.get(i).equals(sort.get(j).getKey()) && (j == 0 || against == reverse);
          reverse = j == 0 ? against : reverse;
        }
      }
      boolean exact =
          conditions.exact
              && conditions.equalities.size() == prefix
              && fields.subList(0, prefix).containsAll(conditions.equalities.keySet());
      int score = (exact ? 10_000 : 0) + (sorted ? 1_000 : 0) + prefix * 10 - fields.size();
      if (best == null || score > bestScore) {
        bestScore = score;
        best =
            new Plan(
                index,
                combinations(fields.subList(0, prefix), conditions.equalities),
                sorted ? sort.size() : 0,
                reverse,
                sorted,
                exact);
      }
    }
    return Optional.ofNullable(best);
  }

  private static List<Map.Entry<String, Integer>> sortFields(Document orderBy) {
    List<Map.Entry<String, Integer>> sort = new ArrayList<>();
    if (orderBy == null || orderBy.isEmpty() || orderBy.containsKey("$natural")) {
      return sort;
    }
    for (var entry : orderBy.entrySet()) {
      if (!(entry.getValue() instanceof Number direction)) {
        return List.of(); // a $meta sort or the like: no index gives it
      }
      sort.add(Map.entry(entry.getKey(), direction.intValue()));
    }
    return sort;
  }

  static List<Object[]> combinations(List<String> fields, Map<String, List<Object>> values) {
    List<Object[]> prefixes = new ArrayList<>();
    prefixes.add(new Object[0]);
    for (String field : fields) {
      List<Object[]> longer = new ArrayList<>();
      for (Object[] prefix : prefixes) {
        for (Object value : values.get(field)) {
          Object[] next = java.util.Arrays.copyOf(prefix, prefix.length + 1);
          next[prefix.length] = value;
          longer.add(next);
        }
      }
      prefixes = longer;
    }
    return prefixes;
  }

  /**
   * A condition that a field's value is between two values of one type ({@code $gt} or {@code $gte}
   * and {@code $lt} or {@code $lte}, either alone): an open end is the end of that type's values,
   * as MongoDB compares a value only with values of its type.
   */
  record Range(Object low, boolean lowInclusive, Object high, boolean highInclusive) {}

  /**
   * A filter that asks exactly equalities of {@linkplain #isExactlyRanged exactly ranged} values
   * and one {@link Range} of dates or numbers on another field.
   */
  record Ranged(Map<String, List<Object>> equalities, String field, Range range) {

    /** The value combinations of the equalities of these fields, in this order. */
    List<Object[]> prefixes(List<String> fields) {
      return combinations(fields, equalities);
    }
  }

  /** The filter as equalities and one range, or empty when it asks anything else. */
  static Optional<Ranged> ranged(Document query) {
    if (query == null) {
      return Optional.empty();
    }
    Conditions conditions = new Conditions();
    conditions.collect(query);
    if (conditions.others
        || conditions.ranges.size() != 1
        || !conditions.equalities.values().stream()
            .allMatch(values -> values.stream().allMatch(IndexPlanner::isExactlyRanged))) {
      return Optional.empty();
    }
    var range = conditions.ranges.entrySet().iterator().next();
    if (conditions.equalities.containsKey(range.getKey())) {
      return Optional.empty();
    }
    long combinations = 1;
    for (List<Object> values : conditions.equalities.values()) {
      combinations *= values.size();
    }
    return combinations > MAX_RANGES
        ? Optional.empty()
        : Optional.of(new Ranged(conditions.equalities, range.getKey(), range.getValue()));
  }

  /**
   * The filter's equality conditions by field, and whether they are all it asks; its ranges by
   * field, and whether it asks anything that is neither.
   */
  private static final class Conditions {
    final Map<String, List<Object>> equalities = new LinkedHashMap<>();
    final Map<String, Range> ranges = new LinkedHashMap<>();
    boolean exact = true;
    boolean others;

    void collect(Document query) {
      for (var entry : query.entrySet()) {
        String field = entry.getKey();
        Object value = entry.getValue();
        if (field.equals("$and") && value instanceof Collection<?> clauses) {
          for (Object clause : clauses) {
            if (clause instanceof Document d) {
              collect(d);
            } else {
              exact = false;
              others = true;
            }
          }
          continue;
        }
        List<Object> values = field.startsWith("$") ? null : values(value);
        if (values == null || equalities.containsKey(field)) {
          exact = false;
          Range range = values == null && !field.startsWith("$") ? range(value) : null;
          if (range == null || ranges.containsKey(field)) {
            others = true;
          } else {
            ranges.put(field, range);
          }
          continue;
        }
        if (!values.stream().allMatch(IndexPlanner::isExactlyRanged)) {
          exact = false;
        }
        equalities.put(field, values);
      }
    }

    /** The range a condition asks, or null when it is no range of dates or of numbers. */
    private static Range range(Object condition) {
      if (!(condition instanceof Document d) || d.isEmpty() || d.size() > 2) {
        return null;
      }
      Object low = null;
      Object high = null;
      boolean lowInclusive = true;
      boolean highInclusive = true;
      for (var operator : d.entrySet()) {
        Object operand = operator.getValue();
        switch (operator.getKey()) {
          case "$gt", "$gte" -> {
            if (low != null) {
              return null;
            }
            low = operand;
            lowInclusive = operator.getKey().equals("$gte");
          }
          case "$lt", "$lte" -> {
            if (high != null) {
              return null;
            }
            high = operand;
            highInclusive = operator.getKey().equals("$lte");
          }
          default -> {
            return null;
          }
        }
      }
      Object known = low != null ? low : high;
      if (known instanceof Instant) {
        if (low == null) {
          low = Instant.MIN;
        } else if (high == null) {
          high = Instant.MAX;
        }
        return low instanceof Instant && high instanceof Instant
            ? new Range(low, lowInclusive, high, highInclusive)
            : null;
      }
      if (isNumber(known)) {
        if (low == null) {
          low = Double.NEGATIVE_INFINITY;
        } else if (high == null) {
          high = Double.POSITIVE_INFINITY;
        }
        return isNumber(low) && isNumber(high)
            ? new Range(low, lowInclusive, high, highInclusive)
            : null;
      }
      return null;
    }

    private static boolean isNumber(Object value) {
      return value instanceof Integer
          || value instanceof Long
          || (value instanceof Double d && !d.isNaN());
    }

    /** The values a condition requires one of, or null when it is no equality. */
    private static List<Object> values(Object condition) {
      if (isPlain(condition)) {
        return List.of(condition);
      }
      if (condition instanceof Document d && d.size() == 1) {
        Object operand = d.values().iterator().next();
        if (d.containsKey("$eq") && isPlain(operand)) {
          return List.of(operand);
        }
        if (d.containsKey("$in") && operand instanceof Collection<?> in && !in.isEmpty()) {
          TreeSet<Object> distinct = new TreeSet<>(ValueComparator.asc());
          for (Object v : in) {
            if (!isPlain(v)) {
              return null;
            }
            distinct.add(v);
          }
          return List.copyOf(distinct);
        }
      }
      return null;
    }
  }

  /**
   * Values whose equality is exactly their range in the index: nothing else compares equal to them.
   */
  private static boolean isExactlyRanged(Object value) {
    return value instanceof String
        || value instanceof Boolean
        || value instanceof Instant
        || value instanceof ObjectId;
  }

  /**
   * Values an equality can be looked up by: a document equal to one is in its range (numbers
   * compare equal across types, as the server matches them).
   */
  private static boolean isPlain(Object value) {
    return isExactlyRanged(value)
        || value instanceof Integer
        || value instanceof Long
        || (value instanceof Double d && !d.isNaN());
  }
}
