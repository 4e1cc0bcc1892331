package io.chatflows.standalone;

import io.chatflows.api.webhook.Signatures;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates requests for the operations of an OpenAPI document: parameters and bodies from their
 * schemas (with realistic values for the fields this API knows, so a valid request gets past the
 * first check), then, for a mutated request, a few mutations of the kinds a hostile or careless
 * client sends: wrong types, nulls, huge and negative numbers, huge strings, control and
 * bidirectional characters, keys MongoDB cannot store, missing fields, unknown ids, broken bodies.
 * Everything random comes from the {@link Random} given, so a seed reproduces a run.
 */
final class RequestGenerator {

  /** One operation of the document. */
  record Operation(
      String method, String path, List<JsonNode> parameters, JsonNode bodySchema, String bodyType) {
    String key() {
      return method + " " + path;
    }
  }

  /** A request to send; {@code body} is null for none. */
  record Request(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body,
      List<String> mutations) {

    String describe() {
      String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      return method
          + " "
          + path
          + (query.isEmpty() ? "" : " " + query)
          + " headers="
          + headers.keySet()
          + " mutations="
          + mutations
          + " body="
          + (text.length() > 400 ? text.substring(0, 400) + "…(" + text.length() + ")" : text);
    }
  }

  /** The ids the requests can name: each operation gets a known one unless mutated away. */
  record Fixture(
      String token,
      String adminToken,
      String activeFlow,
      String draftFlow,
      String template,
      String node,
      String edge,
      String contactKey,
      String conversation,
      String channel,
      String phoneNumberId,
      String appSecret,
      String verifyToken,
      String trigger) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Hostile scalar values: each replaces a field, a parameter or an array element. */
  private static final List<Function<Random, JsonNode>> HOSTILE =
      List.of(
          r -> NODES.nullNode(),
          r -> NODES.numberNode(-1),
          r -> NODES.numberNode(0),
          r -> NODES.numberNode(1_000_000_000_000L),
          r -> NODES.numberNode(Long.MAX_VALUE),
          r -> NODES.numberNode(new BigInteger("92233720368547758080000")),
          r -> NODES.numberNode(-2_147_483_649L),
          r -> NODES.numberNode(1e308),
          r -> NODES.numberNode(0.5),
          r -> NODES.booleanNode(r.nextBoolean()),
          r -> NODES.stringNode(""),
          r -> NODES.stringNode("x".repeat(100_000)),
          r -> NODES.stringNode("a\u0000b"),
          r -> NODES.stringNode("evil\u202Egpj.exe"),
          r -> NODES.stringNode("a.b"),
          r -> NODES.stringNode("$where"),
          r -> NODES.stringNode("line\nbreak\u0007"),
          r -> NODES.stringNode("\uD83D\uDE00 caf\u00e9"),
          r -> NODES.stringNode("9223372036854775808"),
          r -> NODES.stringNode("+1000000000-01-01T00:00:00Z"),
          r -> NODES.stringNode("00000000-0000-0000-0000-000000000000"),
          r -> NODES.arrayNode().add(1).add("two").addNull(),
          r -> NODES.objectNode().put("a.b", 1).put("$set", "x").put("\u0000", true),
          r -> nested(r.nextInt(5, 40)));

  /** Hostile texts for string fields and parameters. */
  private static final List<String> HOSTILE_STRINGS =
      List.of(
          "",
          "x".repeat(100_000),
          "a\u0000b",
          "evil\u202Egpj.exe",
          "a.b",
          "$where",
          "line\nbreak\u0007",
          "\uD83D\uDE00 caf\u00e9",
          "9223372036854775808",
          "00000000-0000-0000-0000-000000000000");

  /** Hostile texts for integer parameters. */
  private static final List<String> HOSTILE_INTEGERS =
      List.of("", "abc", "-1", "0", "2147483648", "99999999999999999999", "1e3", "1.5");

  /** Hostile dates and timestamps: out of every range, or no date at all. */
  private static final List<String> HOSTILE_DATES =
      List.of(
          "+1000000000-01-01T00:00:00Z",
          "-999999999-01-01T00:00:00Z",
          "+300000000-01-01T00:00:00Z",
          "+10000-01-01T00:00:00Z",
          "0000-01-01T00:00:00Z",
          "2026-13-45T25:61:61Z",
          "99999999999999999",
          "-99999999999",
          "253402300800",
          "soon");

  /** Epoch-second timestamps beyond every instant (as WhatsApp's text, and as numbers). */
  private static final List<JsonNode> OUT_OF_RANGE_TIMES =
      List.of(
          NODES.stringNode("99999999999999999"),
          NODES.numberNode(Long.MAX_VALUE),
          NODES.stringNode("-99999999999999999"),
          NODES.stringNode("253402300800"));

  /** Body fields that get each of these values: timestamps and statuses of webhooks. */
  private static final Map<String, List<JsonNode>> PINNED_VALUES =
      Map.of(
          "timestamp",
          OUT_OF_RANGE_TIMES,
          "status",
          List.of(
              NODES.stringNode("read.x"),
              NODES.stringNode("$set"),
              NODES.stringNode("deleted"),
              NODES.stringNode("x".repeat(300))));

  /** Hostile numbers for numeric fields (timeouts, versions, timestamps). */
  private static final List<Number> HOSTILE_NUMBERS =
      List.of(
          -1,
          0,
          1_000_000_000_000L,
          99_999_999_999_999_999L,
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          new BigInteger("92233720368547758080000"),
          -2_147_483_649L,
          1e308,
          0.5);

  /** Keys a client may choose that MongoDB cannot store, and other odd ones. */
  private static final List<String> ODD_KEYS =
      List.of("a.b", "$where", "a\u0000b", "", "x".repeat(300), "\u202Ekey");

  private static final Set<String> DATE_FIELDS = Set.of("from", "to", "timestamp");

  private static final Set<String> INTEGER_PARAMETERS = Set.of("page", "page_size", "version");

  /** Most body leaves and objects mutated per operation (a webhook delivery has dozens). */
  static final int MAX_LEAVES = 14;

  static final int MAX_OBJECTS = 5;

  /** Hostile path ids; characters the servlet container itself refuses in a path are left out. */
  private static final List<String> HOSTILE_IDS =
      List.of(
          "nope",
          "00000000-0000-0000-0000-000000000000",
          "x".repeat(2_000),
          "evil\u202Egpj",
          "a.b",
          "$where",
          "-1",
          "99999999999999999999",
          "\uD83D\uDE00");

  /** Whole bodies that are not what any operation expects. */
  private static final List<String> BROKEN_BODIES =
      List.of("", "null", "[]", "\"x\"", "42", "{", "{\"a\":}", "[".repeat(2_000), "\u0000");

  private final JsonNode docs;
  private final Fixture fixture;

  RequestGenerator(JsonNode docs, Fixture fixture) {
    this.docs = docs;
    this.fixture = fixture;
  }

  /** Every operation of the document; deletions last, so they remove the fixture at the end. */
  List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        JsonNode operation = method.getValue();
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        JsonNode content = operation.path("requestBody").path("content");
        String bodyType = content.propertyNames().stream().findFirst().orElse(null);
        JsonNode bodySchema =
            bodyType == null ? null : resolve(content.get(bodyType).get("schema"));
        operations.add(
            new Operation(
                method.getKey().toUpperCase(), path.getKey(), parameters, bodySchema, bodyType));
      }
    }
    operations.sort(
        Comparator.comparing((Operation o) -> o.method().equals("DELETE"))
            .thenComparing(Operation::key));
    return operations;
  }

  /**
   * The requests for one operation: two valid ones, then one per parameter with a hostile value,
   * one per (sampled) leaf of the body with a hostile value in its place, one per (sampled) object
   * of the body with a key MongoDB cannot store, one without a field, a broken body and a wrong
   * content type. Which hostile value goes where is drawn from {@code random}.
   */
  List<Request> requests(Operation operation, Random random) {
    List<Request> requests = new ArrayList<>();
    requests.add(request(operation, random, null));
    requests.add(request(operation, random, null));
    for (JsonNode parameter : operation.parameters()) {
      String name = parameter.get("name").asString();
      String in = parameter.get("in").asString();
      // Dates get every hostile date; other parameters one hostile value of their kind.
      List<String> values =
          DATE_FIELDS.contains(name) ? HOSTILE_DATES : List.of(hostileParameter(in, name, random));
      for (String value : values) {
        requests.add(request(operation, random, new Mutation("parameter", name, value, null)));
      }
    }
    if (operation.bodySchema() == null) {
      return requests;
    }
    JsonNode base = body(operation, new Random(random.nextLong()));
    List<String> leaves = positions(base, false);
    // Leaves whose values once broke the API each get every value of their list.
    List<String> pinned =
        leaves.stream().filter(l -> PINNED_VALUES.containsKey(lastName(l))).toList();
    for (String leaf : pinned) {
      for (JsonNode value : PINNED_VALUES.get(lastName(leaf))) {
        requests.add(request(operation, random, new Mutation("leaf", leaf, null, base, value)));
      }
    }
    List<String> others = new ArrayList<>(leaves);
    others.removeAll(pinned);
    for (String leaf : sample(others, MAX_LEAVES, random)) {
      requests.add(request(operation, random, new Mutation("leaf", leaf, null, base)));
    }
    for (String object : sample(positions(base, true), MAX_OBJECTS, random)) {
      requests.add(request(operation, random, new Mutation("key", object, null, base)));
    }
    requests.add(request(operation, random, new Mutation("remove", null, null, base)));
    requests.add(request(operation, random, new Mutation("broken", null, null, base)));
    requests.add(request(operation, random, new Mutation("content-type", null, null, base)));
    return requests;
  }

  /**
   * One mutation: of {@code kind} parameter (the parameter {@code target} gets {@code value}), leaf
   * or key (at the body position {@code target}), remove, broken or content-type; {@code base} is
   * the body it starts from.
   */
  private record Mutation(
      String kind, String target, String value, JsonNode base, JsonNode leafValue) {
    Mutation(String kind, String target, String value, JsonNode base) {
      this(kind, target, value, base, null);
    }
  }

  private Request request(Operation operation, Random random, Mutation mutation) {
    List<String> applied = new ArrayList<>();
    Map<String, String> query = new LinkedHashMap<>();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + fixture.token());
    String path = operation.path();
    for (JsonNode parameter : operation.parameters()) {
      String name = parameter.get("name").asString();
      String in = parameter.get("in").asString();
      String value = parameterValue(operation, name, random);
      if (mutation != null
          && mutation.kind().equals("parameter")
          && mutation.target().equals(name)) {
        value = mutation.value();
        applied.add(in + " " + name + "=" + shortened(value));
      }
      switch (in) {
        case "path" -> path = path.replace("{" + name + "}", encodePath(value));
        case "query" -> query.put(name, value);
        case "header" -> headers.put(name, value);
        default -> {}
      }
    }
    if (operation.bodySchema() == null) {
      return new Request(operation.method(), path, query, headers, null, applied);
    }
    JsonNode body =
        mutation == null || mutation.base() == null
            ? body(operation, random)
            : mutation.base().deepCopy();
    String contentType = operation.bodyType();
    String text = null;
    if (mutation != null) {
      switch (mutation.kind()) {
        case "leaf" ->
            applied.add(replaceLeaf(body, mutation.target(), mutation.leafValue(), random));
        case "key" -> applied.add(addOddKey(body, mutation.target(), random));
        case "remove" -> applied.add(removeField(body, random));
        case "broken" -> {
          text = BROKEN_BODIES.get(random.nextInt(BROKEN_BODIES.size()));
          applied.add("body=" + shortened(text));
        }
        case "content-type" -> {
          contentType = "text/plain";
          applied.add("content-type=text/plain");
        }
        default -> {}
      }
    }
    byte[] bytes = (text == null ? body.toString() : text).getBytes(StandardCharsets.UTF_8);
    headers.put("Content-Type", contentType);
    if (operation.path().equals("/webhooks/whatsapp")
        && !(mutation != null && mutation.kind().equals("parameter"))) {
      // Signed right, so what follows the signature check is reached.
      headers.put("X-Hub-Signature-256", Signatures.sign(fixture.appSecret(), bytes));
    }
    return new Request(operation.method(), path, query, headers, bytes, applied);
  }

  // ---- valid values ------------------------------------------------------------------------

  private String parameterValue(Operation operation, String name, Random random) {
    String path = operation.path();
    return switch (name) {
      case "id" -> idFor(path);
      case "version" -> "1";
      case "page" -> Integer.toString(1 + random.nextInt(2));
      case "page_size" -> Integer.toString(1 + random.nextInt(100));
      case "is_active" -> Boolean.toString(random.nextBoolean());
      case "search" -> "Flow";
      case "ordering" -> random.nextBoolean() ? "updated_at" : "-updated_at";
      case "flow" -> fixture.activeFlow();
      case "status" -> random.nextBoolean() ? "waiting" : "completed";
      case "contact", "wa_id" -> "16505551234";
      case "tag" -> "vip";
      case "from" -> "2026-01-01T00:00:00Z";
      case "to" -> "2030-01-01T00:00:00Z";
      case "If-Match" -> "\"1\"";
      case "Authorization" -> "Bearer " + fixture.adminToken();
      case "X-Hub-Signature-256" -> "sha256=" + "0".repeat(64);
      case "hub.mode" -> "subscribe";
      case "hub.verify_token" -> fixture.verifyToken();
      case "hub.challenge" -> Integer.toString(random.nextInt(1_000_000));
      default -> "x";
    };
  }

  private String idFor(String path) {
    if (path.startsWith("/chat-flow/flows/{id}/start")) {
      return fixture.activeFlow();
    }
    if (path.startsWith("/chat-flow/flows")) {
      return fixture.draftFlow();
    }
    if (path.startsWith("/chat-flow/templates")) {
      return fixture.template();
    }
    if (path.startsWith("/chat-flow/nodes")) {
      return fixture.node();
    }
    if (path.startsWith("/chat-flow/edges")) {
      return fixture.edge();
    }
    if (path.startsWith("/chat-flow/channels")) {
      return fixture.channel();
    }
    if (path.startsWith("/chat-flow/contacts")) {
      return fixture.contactKey();
    }
    if (path.startsWith("/chat-flow/conversations")) {
      return fixture.conversation();
    }
    if (path.startsWith("/chat-flow/triggers")) {
      return fixture.trigger();
    }
    return "unknown";
  }

  private JsonNode body(Operation operation, Random random) {
    if (operation.path().equals("/webhooks/whatsapp")) {
      return webhook(random);
    }
    return value(null, operation.bodySchema(), random, 0);
  }

  /** A value of the schema; a known field name gets a value that makes sense for it. */
  private JsonNode value(String field, JsonNode schema, Random random, int depth) {
    JsonNode known = field == null ? null : known(field, random);
    if (known != null) {
      return known;
    }
    JsonNode resolved = resolve(schema);
    String type = resolved.path("type").asString("object");
    switch (type) {
      case "object" -> {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<String, JsonNode> property : resolved.path("properties").properties()) {
          if (random.nextInt(6) > 0 || depth == 0) {
            object.set(
                property.getKey(),
                value(property.getKey(), property.getValue(), random, depth + 1));
          }
        }
        JsonNode additional = resolved.get("additionalProperties");
        if (additional != null && additional.isObject() && depth < 4) {
          object.set("k" + random.nextInt(100), value(null, additional, random, depth + 1));
        }
        return object;
      }
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(3);
        for (int i = 0; i < size && depth < 4; i++) {
          array.add(value(null, resolved.path("items"), random, depth + 1));
        }
        return array;
      }
      case "integer" -> {
        long min = resolved.path("minimum").asLong(0);
        long max = resolved.path("maximum").asLong(min + 1_000);
        return NODES.numberNode(min + random.nextLong(Math.max(1, max - min + 1)));
      }
      case "number" -> {
        return NODES.numberNode(random.nextDouble() * 100);
      }
      case "boolean" -> {
        return NODES.booleanNode(random.nextBoolean());
      }
      default -> {
        return NODES.stringNode("w" + random.nextInt(1_000));
      }
    }
  }

  /** Values that make sense for the fields this API has, so a valid request does something. */
  private JsonNode known(String field, Random random) {
    int n = random.nextInt(1_000_000);
    return switch (field) {
      case "name" -> NODES.stringNode("gen_" + n);
      case "language" -> NODES.stringNode("en_US");
      case "category" -> NODES.stringNode(random.nextBoolean() ? "UTILITY" : "MARKETING");
      case "components" ->
          json(
              """
              [{"type": "BODY", "text": "Hello {{1}}"},
               {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Yes"}]}]""");
      case "flow" -> NODES.stringNode(fixture.draftFlow());
      case "type" -> NODES.stringNode(random.nextInt(4) == 0 ? "catch_all" : "keyword");
      case "keywords" -> json("[\"kw%d\", \"menu %d\"]".formatted(n, n));
      case "match" -> NODES.stringNode(pick(random, "exact", "contains", "regex"));
      case "node_id" -> NODES.stringNode("gen-node-" + n);
      case "edge_id" -> NODES.stringNode("gen-edge-" + n);
      case "node_type" -> NODES.stringNode(pick(random, "template", "condition", "action"));
      case "position" -> json("{\"x\": %d, \"y\": %d}".formatted(n % 900, n % 700));
      case "data" ->
          json(
              pick(
                  random,
                  "{\"action\": \"end\"}",
                  "{\"action\": \"delay\", \"seconds\": 60}",
                  "{\"action\": \"set_variable\", \"name\": \"topic\", \"value\": \"x\"}",
                  "{\"template_id\": \"%s\", \"timeout_seconds\": 3600}"
                      .formatted(fixture.template())));
      case "source_node" -> NODES.stringNode("node-1");
      case "target_node" -> NODES.stringNode(pick(random, "node-2", "node-3"));
      case "trigger" ->
          NODES.stringNode(pick(random, "button_click", "text_reply", "timeout", "default"));
      case "trigger_value" -> NODES.stringNode("Track Order");
      case "operator" -> NODES.stringNode("equals");
      case "label" -> NODES.stringNode("Button: Track Order");
      case "is_active" -> NODES.booleanNode(random.nextInt(4) == 0);
      case "start_template" -> NODES.stringNode(fixture.template());
      case "flow_data" ->
          json(
              Fixtures.welcomeFlow(fixture.template(), fixture.template())
                  .replaceAll("(?s).*\"flow_data\": ", "")
                  .replaceAll("}\\s*$", ""));
      case "reply_timeout_seconds" -> NODES.numberNode(1 + random.nextInt(2_592_000));
      case "version" -> NODES.numberNode(1 + random.nextInt(3));
      case "phone_number_id", "waba_id" ->
          NODES.stringNode("88" + (100_000_000 + random.nextInt(899_999_999)));
      case "display_phone_number", "contact" ->
          NODES.stringNode("1655" + (1_000_000 + random.nextInt(8_999_999)));
      case "mode" -> NODES.stringNode("sandbox");
      case "is_default", "restart" -> NODES.booleanNode(false);
      case "channel" -> NODES.stringNode(fixture.phoneNumberId());
      case "variables" -> json("{\"order_id\": \"A-%d\"}".formatted(n));
      case "attributes" -> json("{\"plan\": \"gold\"}");
      case "add_tags", "remove_tags" -> json("[\"vip\"]");
      case "button" -> NODES.stringNode("Track Order");
      case "message_id", "context_id" -> NODES.stringNode("wamid.gen." + n);
      case "payloads" ->
          json("[{\"metadata\": {\"encoding\": \"anNvbi9wbGFpbg==\"}, \"data\": \"e30=\"}]");
      default -> null;
    };
  }

  /** A webhook delivery of the fixture's channel: a click, a text and a status. */
  private ObjectNode webhook(Random random) {
    long now = java.time.Instant.now().getEpochSecond();
    String contact = "1656" + (1_000_000 + random.nextInt(8_999_999));
    return (ObjectNode)
        json(
            """
            {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
             "value": {"messaging_product": "whatsapp",
              "metadata": {"display_phone_number": "15550783881", "phone_number_id": "%1$s"},
              "contacts": [{"profile": {"name": "Gen"}, "wa_id": "%2$s"}],
              "messages": [
               {"from": "%2$s", "id": "wamid.gen.%3$d", "timestamp": "%4$d", "type": "button",
                "button": {"payload": "Track Order", "text": "Track Order"}},
               {"from": "%2$s", "id": "wamid.gen.%3$d.t", "timestamp": "%4$d", "type": "text",
                "text": {"body": "hello"}}],
              "statuses": [{"id": "wamid.gen.%3$d.s", "status": "delivered", "timestamp": "%4$d",
                "recipient_id": "%2$s"}]}}]}]}"""
                .formatted(fixture.phoneNumberId(), contact, random.nextLong(1L << 40), now));
  }

  // ---- mutations ---------------------------------------------------------------------------

  /**
   * The positions of a body in depth-first order, as JSON pointers: of every leaf (a scalar, or an
   * empty container), or of every object.
   */
  private static List<String> positions(JsonNode body, boolean objects) {
    List<String> positions = new ArrayList<>();
    walk(body, "", objects, positions);
    return positions;
  }

  private static void walk(JsonNode node, String pointer, boolean objects, List<String> out) {
    if (objects && node.isObject()) {
      out.add(pointer);
    }
    if (!objects && (!node.isContainer() || node.isEmpty()) && !pointer.isEmpty()) {
      out.add(pointer);
    }
    if (node.isObject()) {
      for (String name : node.propertyNames()) {
        walk(node.get(name), pointer + "/" + escape(name), objects, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), pointer + "/" + i, objects, out);
      }
    }
  }

  /** Replaces the leaf at {@code pointer} by a value chosen for its type and name. */
  private static String replaceLeaf(JsonNode body, String pointer, JsonNode given, Random random) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = body.at(pointer.substring(0, slash));
    String last = unescape(pointer.substring(slash + 1));
    JsonNode value = given != null ? given : hostileFor(last, body.at(pointer), random);
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), value);
    }
    return pointer + "=" + shortened(value.toString());
  }

  /** Puts a key MongoDB cannot store (or another odd one) into the object at {@code pointer}. */
  private static String addOddKey(JsonNode body, String pointer, Random random) {
    String key = ODD_KEYS.get(random.nextInt(ODD_KEYS.size()));
    ((ObjectNode) body.at(pointer)).put(key, "v");
    return (pointer.isEmpty() ? "/" : pointer) + " key " + shortened(key);
  }

  private static String removeField(JsonNode body, Random random) {
    List<String> fields = new ArrayList<>();
    for (String pointer : positions(body, false)) {
      if (body.at(pointer.substring(0, pointer.lastIndexOf('/'))).isObject()) {
        fields.add(pointer);
      }
    }
    if (fields.isEmpty()) {
      return "nothing to remove";
    }
    String pointer = fields.get(random.nextInt(fields.size()));
    int slash = pointer.lastIndexOf('/');
    ((ObjectNode) body.at(pointer.substring(0, slash)))
        .remove(unescape(pointer.substring(slash + 1)));
    return "removed " + pointer;
  }

  /**
   * A hostile value for a field: null a third of the time, else a value of another type or an
   * extreme one of its own type, with dates and numbers out of range where the name says so.
   */
  private static JsonNode hostileFor(String name, JsonNode current, Random random) {
    int kind = random.nextInt(3);
    if (kind == 0) {
      return NODES.nullNode();
    }
    if (DATE_FIELDS.contains(name)) {
      return kind == 1
          ? NODES.stringNode(HOSTILE_DATES.get(random.nextInt(HOSTILE_DATES.size())))
          : number(random);
    }
    if (kind == 1) {
      return hostile(random);
    }
    if (current.isNumber()) {
      return number(random);
    }
    if (current.isString()) {
      return NODES.stringNode(HOSTILE_STRINGS.get(random.nextInt(HOSTILE_STRINGS.size())));
    }
    return hostile(random);
  }

  private static JsonNode number(Random random) {
    Number number = HOSTILE_NUMBERS.get(random.nextInt(HOSTILE_NUMBERS.size()));
    return number instanceof BigInteger big
        ? NODES.numberNode(big)
        : number instanceof Double d ? NODES.numberNode(d) : NODES.numberNode(number.longValue());
  }

  private static JsonNode hostile(Random random) {
    return HOSTILE.get(random.nextInt(HOSTILE.size())).apply(random);
  }

  /** A hostile parameter text, chosen for where the parameter goes and what it names. */
  private static String hostileParameter(String in, String name, Random random) {
    List<String> values =
        switch (in) {
          case "path" -> name.equals("version") ? HOSTILE_INTEGERS : HOSTILE_IDS;
          default ->
              DATE_FIELDS.contains(name)
                  ? HOSTILE_DATES
                  : INTEGER_PARAMETERS.contains(name) ? HOSTILE_INTEGERS : HOSTILE_STRINGS;
        };
    // Long, but inside the request line Tomcat reads (8 KiB): an oversized request line is the
    // servlet container's own refusal, not the API's.
    String value = values.get(random.nextInt(values.size()));
    value = value.substring(0, Math.min(value.length(), 4_000));
    if (in.equals("header")) {
      // Header values carry printable ASCII only (the HTTP client refuses anything else).
      String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
      return printable.substring(0, Math.min(printable.length(), 1_000));
    }
    return value;
  }

  private static List<String> sample(List<String> items, int max, Random random) {
    List<String> copy = new ArrayList<>(items);
    Collections.shuffle(copy, random);
    return copy.subList(0, Math.min(max, copy.size()));
  }

  private static String lastName(String pointer) {
    return unescape(pointer.substring(pointer.lastIndexOf('/') + 1));
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }

  private static ObjectNode nested(int depth) {
    ObjectNode root = NODES.objectNode();
    ObjectNode node = root;
    for (int i = 0; i < depth; i++) {
      node = node.putObject("n");
    }
    return root;
  }

  // ---- helpers ----------------------------------------------------------------------------

  private JsonNode resolve(JsonNode schema) {
    JsonNode current = schema == null ? NODES.objectNode() : schema;
    while (current.has("$ref")) {
      String name = current.get("$ref").asString().replace("#/components/schemas/", "");
      current = docs.get("components").get("schemas").get(name);
    }
    return current;
  }

  private static JsonNode json(String text) {
    return Http.JSON.readTree(text);
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... values) {
    return values[random.nextInt(values.length)];
  }

  private static String encodePath(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String encodeQuery(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String shortened(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…(" + value.length() + ")" : value;
  }
}
