package io.chatflows.store.analytics;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * Analytics counts of a set of one flow's conversations: what the analytics API reports, as sums
 * that add up across conversations and across counter documents. A change of one conversation is a
 * {@code FlowCounts} too (a delta, with negative numbers for what it takes back), so the same type
 * is stored, summed and applied with {@code $inc}.
 *
 * <p>Durations of ended conversations are kept as a histogram of milliseconds rounded to three
 * significant digits ({@link #durationBucket}): the count and the sum are exact, percentiles are
 * within 0.5 % of the exact value.
 */
public final class FlowCounts {

  /** Counts of one node. {@code type}: the type its entries recorded (a label, not summed). */
  public static final class NodeCounts {
    public String type;
    public long starts;
    public long entered;
    public long exited;
    public long active;
    public long unmatched;
    public long stale;
    public long rejected;
    public final Map<String, Long> ended = new TreeMap<>();

    void add(NodeCounts other, long sign) {
      type = min(type, other.type);
      starts += sign * other.starts;
      entered += sign * other.entered;
      exited += sign * other.exited;
      active += sign * other.active;
      unmatched += sign * other.unmatched;
      stale += sign * other.stale;
      rejected += sign * other.rejected;
      other.ended.forEach((status, n) -> ended.merge(status, sign * n, Long::sum));
    }
  }

  /** Counts of one edge; source, target and trigger as recorded (labels, not summed). */
  public static final class EdgeCounts {
    public String source;
    public String target;
    public String trigger;
    public long taken;

    void add(EdgeCounts other, long sign) {
      source = min(source, other.source);
      target = min(target, other.target);
      trigger = min(trigger, other.trigger);
      taken += sign * other.taken;
    }
  }

  /** Sends of one node and kind ({@code template} or {@code text}) and their delivery statuses. */
  public static final class MessageCounts {
    public String templateName;
    public long sent;
    public long delivered;
    public long read;
    public long failed;

    void add(MessageCounts other, long sign) {
      templateName = min(templateName, other.templateName);
      sent += sign * other.sent;
      delivered += sign * other.delivered;
      read += sign * other.read;
      failed += sign * other.failed;
    }
  }

  public long started;
  public final Map<String, Long> statuses = new TreeMap<>();
  public long unmatched;
  public long stale;

  /** Durations of ended conversations: rounded milliseconds → how many. */
  public final Map<Long, Long> durations = new TreeMap<>();

  /** The exact sum of the durations counted in {@link #durations}, in milliseconds. */
  public long durationSumMillis;

  /** Handoffs that ended (an agent resumed or ended them, or they timed out). */
  public long handoffs;

  /** The seconds those handoffs spent with an agent, summed. */
  public long handoffSeconds;

  public final Map<String, NodeCounts> nodes = new LinkedHashMap<>();
  public final Map<String, EdgeCounts> edges = new LinkedHashMap<>();

  /** By {@code <node id>|<kind>}. */
  public final Map<String, MessageCounts> messages = new LinkedHashMap<>();

  public NodeCounts node(String nodeId) {
    return nodes.computeIfAbsent(String.valueOf(nodeId), id -> new NodeCounts());
  }

  public EdgeCounts edge(String edgeId) {
    return edges.computeIfAbsent(String.valueOf(edgeId), id -> new EdgeCounts());
  }

  public MessageCounts message(String nodeId, String kind) {
    return messages.computeIfAbsent(nodeId + "|" + kind, key -> new MessageCounts());
  }

  /**
   * Counts a conversation's status, with its duration in milliseconds when it ended ({@code sign}
   * -1 takes it back).
   */
  public void status(String status, Long durationMillis, long sign) {
    statuses.merge(status, sign, Long::sum);
    if (durationMillis != null) {
      durations.merge(durationBucket(durationMillis), sign, Long::sum);
      durationSumMillis += sign * durationMillis;
    }
  }

  /** Adds {@code other} to these counts. */
  public FlowCounts add(FlowCounts other) {
    return add(other, 1);
  }

  /** Adds {@code other} times {@code sign} (1 or -1) to these counts. */
  public FlowCounts add(FlowCounts other, long sign) {
    started += sign * other.started;
    other.statuses.forEach((s, n) -> statuses.merge(s, sign * n, Long::sum));
    unmatched += sign * other.unmatched;
    stale += sign * other.stale;
    other.durations.forEach((d, n) -> durations.merge(d, sign * n, Long::sum));
    durationSumMillis += sign * other.durationSumMillis;
    handoffs += sign * other.handoffs;
    handoffSeconds += sign * other.handoffSeconds;
    other.nodes.forEach((id, n) -> node(id).add(n, sign));
    other.edges.forEach((id, e) -> edge(id).add(e, sign));
    other.messages.forEach(
        (key, m) -> messages.computeIfAbsent(key, k -> new MessageCounts()).add(m, sign));
    return this;
  }

  /** How many ended conversations have a duration. */
  public long durationCount() {
    return durations.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The nearest-rank percentile of the durations: the smallest (rounded) duration with at least
   * {@code p} of all at or below it; null when none.
   */
  public Long durationPercentile(double p) {
    long count = durationCount();
    if (count == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(p * count));
    long seen = 0;
    for (Map.Entry<Long, Long> e : durations.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey();
      }
    }
    return durations.keySet().stream().max(Comparator.naturalOrder()).orElse(null);
  }

  /**
   * A duration rounded to three significant digits (1,234 ms → 1,230 ms): a histogram with at most
   * 900 buckets per power of ten, so its size does not grow with the number of conversations.
   */
  static long durationBucket(long millis) {
    if (millis < 0) {
      return -durationBucket(-millis);
    }
    if (millis < 1000) {
      return millis;
    }
    long scale = 1;
    while (millis / scale >= 1000) {
      scale *= 10;
    }
    return Math.round((double) millis / scale) * scale;
  }

  /** Whether nothing is counted (every number zero). */
  public boolean isEmpty() {
    return toIncrements().values().stream().allMatch(v -> ((Number) v).longValue() == 0);
  }

  /**
   * These counts as {@code $inc} operands: dotted paths under {@code prefix} to numbers, zeros
   * included so that a node or edge a change touched exists in the sum.
   */
  public Document toIncrements() {
    return toIncrements("");
  }

  Document toIncrements(String prefix) {
    Document inc = new Document();
    put(inc, prefix + "started", started);
    statuses.forEach((s, n) -> put(inc, prefix + "statuses." + FieldNames.encode(s), n));
    put(inc, prefix + "unmatched", unmatched);
    put(inc, prefix + "stale", stale);
    durations.forEach((d, n) -> put(inc, prefix + "durations." + d, n));
    put(inc, prefix + "durationSum", durationSumMillis);
    put(inc, prefix + "handoffs", handoffs);
    put(inc, prefix + "handoffSeconds", handoffSeconds);
    nodes.forEach(
        (id, n) -> {
          String p = prefix + "nodes." + FieldNames.encode(id) + ".";
          inc.put(p + "starts", n.starts);
          inc.put(p + "entered", n.entered);
          inc.put(p + "exited", n.exited);
          inc.put(p + "active", n.active);
          inc.put(p + "unmatched", n.unmatched);
          inc.put(p + "stale", n.stale);
          inc.put(p + "rejected", n.rejected);
          n.ended.forEach((s, c) -> inc.put(p + "ended." + FieldNames.encode(s), c));
        });
    edges.forEach(
        (id, e) -> inc.put(prefix + "edges." + FieldNames.encode(id) + ".taken", e.taken));
    messages.forEach(
        (key, m) -> {
          String p = prefix + "messages." + FieldNames.encode(key) + ".";
          inc.put(p + "sent", m.sent);
          inc.put(p + "delivered", m.delivered);
          inc.put(p + "read", m.read);
          inc.put(p + "failed", m.failed);
        });
    return inc;
  }

  /** The labels (node types, edge ends and triggers, template names) as {@code $min} operands. */
  Document toLabels(String prefix) {
    Document min = new Document();
    nodes.forEach(
        (id, n) -> {
          if (n.type != null) {
            min.put(prefix + "nodes." + FieldNames.encode(id) + ".type", n.type);
          }
        });
    edges.forEach(
        (id, e) -> {
          String p = prefix + "edges." + FieldNames.encode(id) + ".";
          if (e.source != null) {
            min.put(p + "source", e.source);
          }
          if (e.target != null) {
            min.put(p + "target", e.target);
          }
          if (e.trigger != null) {
            min.put(p + "trigger", e.trigger);
          }
        });
    messages.forEach(
        (key, m) -> {
          if (m.templateName != null) {
            min.put(
                prefix + "messages." + FieldNames.encode(key) + ".templateName", m.templateName);
          }
        });
    return min;
  }

  /** These counts as one nested document, the form {@link #fromDocument} reads. */
  public Document toDocument() {
    Document nested = new Document();
    toIncrements("").forEach((path, value) -> nest(nested, path, value));
    toLabels("").forEach((path, value) -> nest(nested, path, value));
    return nested;
  }

  private static void nest(Document into, String path, Object value) {
    String[] parts = path.split("\\.");
    Document at = into;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = at.get(parts[i]);
      if (!(next instanceof Document)) {
        next = new Document();
        at.put(parts[i], next);
      }
      at = (Document) next;
    }
    at.put(parts[parts.length - 1], value);
  }

  private static void put(Document inc, String path, long value) {
    if (value != 0) {
      inc.put(path, value);
    }
  }

  /** Counts as stored (the nested form {@link #toIncrements} and {@link #toLabels} build). */
  public static FlowCounts fromDocument(Document stored) {
    FlowCounts counts = new FlowCounts();
    if (stored == null) {
      return counts;
    }
    counts.started = number(stored.get("started"));
    map(stored, "statuses").forEach((s, n) -> counts.statuses.put(FieldNames.decode(s), number(n)));
    counts.unmatched = number(stored.get("unmatched"));
    counts.stale = number(stored.get("stale"));
    map(stored, "durations").forEach((d, n) -> counts.durations.put(Long.parseLong(d), number(n)));
    counts.durationSumMillis = number(stored.get("durationSum"));
    counts.handoffs = number(stored.get("handoffs"));
    counts.handoffSeconds = number(stored.get("handoffSeconds"));
    map(stored, "nodes")
        .forEach(
            (id, value) -> {
              Document d = (Document) value;
              NodeCounts n = counts.node(FieldNames.decode(id));
              n.type = d.getString("type");
              n.starts = number(d.get("starts"));
              n.entered = number(d.get("entered"));
              n.exited = number(d.get("exited"));
              n.active = number(d.get("active"));
              n.unmatched = number(d.get("unmatched"));
              n.stale = number(d.get("stale"));
              n.rejected = number(d.get("rejected"));
              map(d, "ended").forEach((s, c) -> n.ended.put(FieldNames.decode(s), number(c)));
            });
    map(stored, "edges")
        .forEach(
            (id, value) -> {
              Document d = (Document) value;
              EdgeCounts e = counts.edge(FieldNames.decode(id));
              e.source = d.getString("source");
              e.target = d.getString("target");
              e.trigger = d.getString("trigger");
              e.taken = number(d.get("taken"));
            });
    map(stored, "messages")
        .forEach(
            (key, value) -> {
              Document d = (Document) value;
              MessageCounts m =
                  counts.messages.computeIfAbsent(FieldNames.decode(key), k -> new MessageCounts());
              m.templateName = d.getString("templateName");
              m.sent = number(d.get("sent"));
              m.delivered = number(d.get("delivered"));
              m.read = number(d.get("read"));
              m.failed = number(d.get("failed"));
            });
    return counts;
  }

  private static Map<String, Object> map(Document parent, String key) {
    Object value = parent.get(key);
    return value instanceof Document d ? d : Map.of();
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  private static String min(String a, String b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }
}
