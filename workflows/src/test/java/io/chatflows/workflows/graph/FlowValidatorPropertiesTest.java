package io.chatflows.workflows.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatflows.workflows.testing.PropertyCheck;
import io.chatflows.workflows.testing.PropertyCheck.Case;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Generated graphs against what the validator must say: a generated valid graph validates clean and
 * compiles; every defect injected into one is reported with its code and its node or edge; random
 * and mutated graphs and arbitrary JSON never make validation throw.
 */
class FlowValidatorPropertiesTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final TemplateSpec WELCOME =
      new TemplateSpec("t1", "welcome", "en_US", List.of("Yes", "No"));
  private static final TemplateSpec PLAIN = new TemplateSpec("t2", "plain", "en_US", List.of());
  private static final TemplateSpec MENU =
      new TemplateSpec("t3", "menu", "en_US", List.of("Sales", "Support", "Billing"));
  private static final TemplateSpec UNUSED = new TemplateSpec("t4", "unused", "en_US", List.of());
  private static final List<TemplateSpec> NODE_TEMPLATES = List.of(WELCOME, PLAIN, MENU);
  private static final List<String> OPERATORS =
      Arrays.stream(Operator.values()).map(Operator::wireName).toList();
  private static final FlowCompiler.TemplateCatalog CATALOG =
      FlowCompiler.catalogOf(
          Map.of("t1", WELCOME, "t2", PLAIN, "t3", MENU, "t4", UNUSED)::get,
          Map.of("welcome", WELCOME, "plain", PLAIN, "menu", MENU, "unused", UNUSED)::get);

  // ---------------------------------------------------------------- valid graphs

  /**
   * A valid flow: a tree grown from the start node, each edge a trigger its source allows (buttons
   * of the node's template, text replies, timeout, delivery_failed, conditions, defaults), no two
   * edges of a node alike, plus edges back to template nodes that wait (cycles through a wait are
   * allowed). Each node has the fields its kind requires, and a condition reads only a variable a
   * node sets.
   */
  static final class ValidFlow {
    final ObjectNode flowData = JSON.objectNode();
    final ArrayNode nodes = flowData.putArray("nodes");
    final ArrayNode edges = flowData.putArray("edges");
    final String start;
    private final Case c;
    private final List<Open> open = new ArrayList<>();
    private final Set<String> waiting = new LinkedHashSet<>();
    private final Set<String> variablesSet = new LinkedHashSet<>();
    private int edgeCount;

    /** A node and the triggers it may still use. */
    private record Open(String id, String type, List<String[]> free) {}

    ValidFlow(Case c) {
      this.c = c;
      TemplateSpec first = c.oneOf(NODE_TEMPLATES);
      start = first.id();
      addTemplate("n0", first);
      int size = c.between(1, 12);
      for (int i = 1; i < size; i++) {
        List<Open> withRoom = open.stream().filter(o -> !o.free().isEmpty()).toList();
        if (withRoom.isEmpty()) {
          break;
        }
        Open parent = c.oneOf(withRoom);
        String[] trigger = parent.free().remove(c.random().nextInt(parent.free().size()));
        String id = "n" + i;
        switch (c.oneOf("template", "template", "condition", "action")) {
          case "template" -> addTemplate(id, c.oneOf(NODE_TEMPLATES));
          case "condition" -> addCondition(id);
          default -> addAction(id);
        }
        edge(parent.id(), id, trigger);
      }
      // Back edges into waiting templates: a cycle through a wait is a valid loop.
      for (Open node : open) {
        if (!waiting.isEmpty() && !node.free().isEmpty() && c.chance(0.2)) {
          String[] trigger = node.free().remove(0);
          edge(node.id(), c.oneOf(List.copyOf(waiting)), trigger);
          c.hit("back edge to a waiting node");
        }
      }
    }

    private void addTemplate(String id, TemplateSpec template) {
      ObjectNode data = node(id, "template");
      if (c.chance(0.5)) {
        data.put("template_id", template.id());
      } else {
        data.put("template_name", template.name());
      }
      List<String[]> free = new ArrayList<>();
      for (String button : template.buttons()) {
        free.add(
            new String[] {"button_click", c.chance(0.3) ? " " + button.toUpperCase() : button});
      }
      free.add(new String[] {"text_reply", c.oneOf("", "help", "yes please")});
      free.add(new String[] {"timeout", null});
      free.add(new String[] {"delivery_failed", null});
      free.add(new String[] {"default", null});
      open.add(new Open(id, "template", free));
      c.hit("node template");
    }

    private void addCondition(String id) {
      String subject = c.oneOf("reply", "tags", "variable", "attribute");
      if (subject.equals("variable") && !variablesSet.contains("k")) {
        subject = "attribute";
      }
      ObjectNode data = node(id, "condition").put("subject", subject);
      if (subject.equals("variable") || subject.equals("attribute")) {
        data.put("key", "k");
        c.hit("condition on a variable or attribute");
      }
      List<String[]> free = new ArrayList<>();
      // Either one value under several operators (not duplicates: the operator differs) or
      // several values under any operators.
      boolean sameValue = c.chance(0.5);
      List<String> operators = new ArrayList<>(OPERATORS);
      java.util.Collections.shuffle(operators, c.random());
      for (int i = 0; i < 3; i++) {
        String operator = sameValue ? operators.get(i) : c.oneOf(OPERATORS);
        String value =
            sameValue
                ? "7"
                : switch (operator) {
                  case "matches" -> "^v" + i + ".*$";
                  case "greater_than", "less_than" -> Integer.toString(10 * i);
                  case "in" -> "v" + i + ",w" + i;
                  default -> "v" + i;
                };
        free.add(new String[] {"condition", value, operator});
        if (sameValue) {
          c.hit("condition edges: one value, several operators");
        }
      }
      free.add(new String[] {"default", null});
      open.add(new Open(id, "condition", free));
      c.hit("node condition");
    }

    private void addAction(String id) {
      ObjectNode data = node(id, "action");
      String action = c.oneOf(NodeKinds.actions());
      data.put("action", action);
      switch (action) {
        case "tag", "untag" -> data.putArray("tags").add("t" + c.between(1, 3));
        case "assign" -> data.put("team", "support");
        case "set_variable", "set_attribute" -> {
          data.put("name", "k").put("value", "v");
          if (action.equals("set_variable")) {
            variablesSet.add("k");
          }
        }
        case "webhook" -> data.put("url", "https://desk.example/hook");
        case "handoff" -> data.put("webhook_url", "https://inbox.example/hooks");
        case "delay" -> data.put("seconds", c.between(1, 60));
        case "send_text" -> data.put("text", "hello");
        default -> {}
      }
      List<String[]> free = new ArrayList<>();
      if (!action.equals("end")) {
        free.add(new String[] {"default", null});
        // Only a sending action takes delivery_failed: a failed webhook call goes on by default.
        if (action.equals("send_text")) {
          free.add(new String[] {"delivery_failed", null});
        }
      }
      open.add(new Open(id, "action", free));
      c.hit("node action " + action);
    }

    private ObjectNode node(String id, String type) {
      ObjectNode node = nodes.addObject().put("id", id).put("type", type);
      node.putObject("position").put("x", 0).put("y", 0);
      return node.putObject("data");
    }

    private void edge(String source, String target, String[] trigger) {
      ObjectNode edge =
          edges
              .addObject()
              .put("id", "e" + edgeCount++)
              .put("source", source)
              .put("target", target);
      if (trigger[0].equals("button_click") && c.chance(0.5)) {
        edge.put("label", "Button: " + trigger[1]);
      } else {
        ObjectNode data = edge.putObject("data").put("trigger", trigger[0]);
        if (trigger[1] != null) {
          data.put("trigger_value", trigger[1]);
        }
        if (trigger.length > 2) {
          data.put("operator", trigger[2]);
        }
      }
      if (trigger[0].equals("button_click") || trigger[0].equals("text_reply")) {
        waiting.add(source);
      }
      c.hit("edge " + trigger[0]);
    }

    List<String> nodeIds() {
      List<String> ids = new ArrayList<>();
      nodes.forEach(n -> ids.add(n.get("id").asText()));
      return ids;
    }

    List<String> nodeIdsOfType(String type) {
      List<String> ids = new ArrayList<>();
      nodes.forEach(
          n -> {
            if (n.get("type").asText().equals(type)) {
              ids.add(n.get("id").asText());
            }
          });
      return ids;
    }
  }

  @Test
  void givenAGeneratedValidGraph_whenValidated_itHasNoProblemAndCompiles() {
    PropertyCheck.Run run =
        PropertyCheck.forAll(
            "valid graph validates clean and compiles",
            500,
            c -> {
              ValidFlow flow = new ValidFlow(c);
              FlowGraph graph = FlowGraphParser.parse(flow.flowData);

              assertThat(FlowValidator.validate(graph, flow.start, CATALOG))
                  .as("%s", flow.flowData)
                  .isEmpty();
              FlowDefinition definition =
                  FlowCompiler.compile("f", 1, flow.start, 0, graph, CATALOG);
              assertThat(definition.startNodeId()).isEqualTo("n0");
              assertThat(definition.nodes())
                  .extracting(GraphNode::nodeId)
                  .isEqualTo(flow.nodeIds());
              assertThat(definition.templates().keySet())
                  .containsExactlyInAnyOrderElementsOf(flow.nodeIdsOfType("template"));
              assertThat(definition.edges()).hasSize(flow.edges.size());
              assertThat(definition.edges()).allSatisfy(e -> assertThat(e.trigger()).isNotNull());
            });

    for (String trigger : List.of("button_click", "text_reply", "timeout", "delivery_failed")) {
      assertThat(run.count("edge " + trigger)).as(trigger).isGreaterThan(20);
    }
    assertThat(run.count("edge condition")).isGreaterThan(20);
    assertThat(run.count("edge default")).isGreaterThan(20);
    assertThat(run.count("back edge to a waiting node")).isGreaterThan(20);
    assertThat(run.count("condition edges: one value, several operators")).isGreaterThan(20);
    assertThat(run.count("condition on a variable or attribute")).isGreaterThan(20);
    NodeKinds.actions()
        .forEach(action -> assertThat(run.count("node action " + action)).as(action).isPositive());
  }

  // ---------------------------------------------------------------- injected defects

  /** What a defect must produce: its code, and the node and edge it names. */
  private record Expected(String code, String nodeId, String edgeId, String start) {
    Expected(String code, String nodeId, String edgeId) {
      this(code, nodeId, edgeId, null);
    }
  }

  private static final Map<String, BiFunction<ValidFlow, Case, Expected>> DEFECTS =
      Map.ofEntries(
          Map.entry(
              "duplicate_node_id",
              (flow, c) -> {
                String id = c.oneOf(flow.nodeIds());
                addNode(flow, id, "action").put("action", "end");
                return new Expected("duplicate_node_id", id, null);
              }),
          Map.entry(
              "missing_node_id",
              (flow, c) -> {
                flow.nodes.addObject().put("type", "action").putObject("data").put("action", "end");
                return new Expected("missing_node_id", null, null);
              }),
          Map.entry(
              "unknown_node_type",
              (flow, c) -> {
                addNode(flow, "x", c.oneOf("junk", "Template", ""));
                return new Expected("unknown_node_type", "x", null);
              }),
          Map.entry(
              "unknown_action",
              (flow, c) -> {
                addNode(flow, "x", "action").put("action", c.oneOf("explode", "", "TAG"));
                return new Expected("unknown_action", "x", null);
              }),
          Map.entry(
              "unknown_template",
              (flow, c) -> {
                addNode(flow, "x", "template").put("template_id", c.oneOf("nope", "t9", ""));
                return new Expected("unknown_template", "x", null);
              }),
          Map.entry(
              "missing_source_node",
              (flow, c) -> {
                addEdge(flow, "ghost", c.oneOf(flow.nodeIds()), "default", null, null);
                return new Expected("missing_source_node", null, "bad");
              }),
          Map.entry(
              "missing_target_node",
              (flow, c) -> {
                addEdge(flow, c.oneOf(flow.nodeIds()), "ghost", "default", null, null);
                return new Expected("missing_target_node", null, "bad");
              }),
          Map.entry(
              "missing_edge_id",
              (flow, c) -> {
                flow.edges.addObject().put("source", "n0").put("target", "n0");
                return new Expected("missing_edge_id", null, null);
              }),
          Map.entry(
              "duplicate_edge_id",
              (flow, c) -> {
                addNode(flow, "x", "action").put("action", "send_text").put("text", "hi");
                addEdge(flow, "x", "n0", "default", null, null);
                addEdge(flow, "x", "n0", "delivery_failed", null, null);
                return new Expected("duplicate_edge_id", null, "bad");
              }),
          Map.entry(
              "unknown_trigger",
              (flow, c) -> {
                String source = c.oneOf(flow.nodeIds());
                addEdge(flow, source, "n0", c.oneOf("bogus", "click", "timeout!"), null, null);
                return new Expected("unknown_trigger", source, "bad");
              }),
          Map.entry(
              "duplicate_trigger",
              (flow, c) -> {
                if (flow.edges.isEmpty()) {
                  addEdge(flow, "n0", "n0", "default", null, null);
                  ((ObjectNode) flow.edges.get(0)).put("id", "first");
                }
                ObjectNode copy = ((ObjectNode) c.oneOf(listOf(flow.edges))).deepCopy();
                copy.put("id", "bad");
                flow.edges.add(copy);
                return new Expected("duplicate_trigger", copy.get("source").asText(), "bad");
              }),
          Map.entry(
              "unknown_button",
              (flow, c) -> {
                String source = c.oneOf(flow.nodeIdsOfType("template"));
                addEdge(flow, source, "n0", "button_click", c.oneOf("Maybe", "Ye s", "Nope"), null);
                return new Expected("unknown_button", source, "bad");
              }),
          Map.entry(
              "trigger_needs_template",
              (flow, c) -> {
                addNode(flow, "x", "condition").put("subject", "reply");
                addEdge(
                    flow, "x", "n0", c.oneOf("button_click", "text_reply", "timeout"), "Yes", null);
                return new Expected("trigger_needs_template", "x", "bad");
              }),
          Map.entry(
              "trigger_needs_condition",
              (flow, c) -> {
                String source = c.oneOf(flow.nodeIdsOfType("template"));
                addEdge(flow, source, "n0", "condition", "zzz", "equals");
                return new Expected("trigger_needs_condition", source, "bad");
              }),
          Map.entry(
              "unknown_operator",
              (flow, c) -> {
                addNode(flow, "x", "condition").put("subject", "reply");
                addEdge(flow, "x", "n0", "condition", "v", c.oneOf("nope", "EQUALS", "regex"));
                return new Expected("unknown_operator", "x", "bad");
              }),
          Map.entry(
              "invalid_regex",
              (flow, c) -> {
                addNode(flow, "x", "condition").put("subject", "reply");
                addEdge(
                    flow, "x", "n0", "condition", c.oneOf("[a-", "(", "*x", "a{2,1}"), "matches");
                return new Expected("invalid_regex", "x", "bad");
              }),
          Map.entry(
              "spinning_cycle",
              (flow, c) -> {
                addNode(flow, "x", "action").put("action", "tag").putArray("tags").add("a");
                addNode(flow, "y", "condition").put("subject", "tags");
                addEdge(flow, "x", "y", "default", null, null);
                ((ObjectNode) flow.edges.get(flow.edges.size() - 1)).put("id", "x-y");
                addEdge(flow, "y", "x", "default", null, null);
                return new Expected("spinning_cycle", "x", null);
              }),
          Map.entry(
              "unreachable_node",
              (flow, c) -> {
                addNode(flow, "x", "action").put("action", "end");
                return new Expected("unreachable_node", "x", null);
              }),
          Map.entry(
              "missing_field",
              (flow, c) -> {
                ObjectNode data = addNode(flow, "x", "action");
                data.put("action", c.oneOf("webhook", "send_text", "set_variable", "delay"));
                return new Expected("missing_field", "x", null);
              }),
          Map.entry(
              "unknown_placeholder",
              (flow, c) -> {
                addNode(flow, "x", "action")
                    .put("action", "send_text")
                    .put("text", c.oneOf("Hi {{contact.nmae}}", "{{1}}", "{{variables.a.b}}"));
                return new Expected("unknown_placeholder", "x", null);
              }),
          Map.entry(
              "invalid_choice",
              (flow, c) -> {
                addNode(flow, "x", "condition").put("subject", c.oneOf("mood", "Reply", "tag"));
                return new Expected("invalid_choice", "x", null);
              }),
          Map.entry(
              "missing_start_template",
              (flow, c) -> new Expected("missing_start_template", null, null, c.oneOf("", " "))),
          Map.entry(
              "unknown_start_template",
              (flow, c) -> new Expected("unknown_start_template", null, null, "t9")),
          Map.entry(
              "no_start_node",
              (flow, c) -> new Expected("no_start_node", null, null, UNUSED.id())));

  private static ObjectNode addNode(ValidFlow flow, String id, String type) {
    ObjectNode node = flow.nodes.addObject();
    if (id != null) {
      node.put("id", id);
    }
    node.put("type", type);
    return node.putObject("data");
  }

  private static void addEdge(
      ValidFlow flow, String source, String target, String trigger, String value, String op) {
    ObjectNode data =
        flow.edges
            .addObject()
            .put("id", "bad")
            .put("source", source)
            .put("target", target)
            .putObject("data")
            .put("trigger", trigger);
    if (value != null) {
      data.put("trigger_value", value);
    }
    if (op != null) {
      data.put("operator", op);
    }
  }

  private static List<JsonNode> listOf(ArrayNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  @Test
  void givenADefectInjectedIntoAValidGraph_whenValidated_itIsReportedWithItsNodeOrEdge() {
    List<String> defects = DEFECTS.keySet().stream().sorted().toList();
    PropertyCheck.Run run =
        PropertyCheck.forAll(
            "every injected defect is reported",
            800,
            c -> {
              ValidFlow flow = new ValidFlow(c);
              String defect = c.oneOf(defects);
              Expected expected = DEFECTS.get(defect).apply(flow, c);
              c.hit(defect);
              String start = expected.start() != null ? expected.start() : flow.start;

              List<Problem> problems =
                  FlowValidator.validate(FlowGraphParser.parse(flow.flowData), start, CATALOG);

              assertThat(problems)
                  .as("%s in %s", defect, flow.flowData)
                  .extracting(Problem::code, Problem::nodeId, Problem::edgeId)
                  .contains(tuple(expected.code(), expected.nodeId(), expected.edgeId()));
              if (!defect.equals("unreachable_node")) {
                assertThat(problems).as("activation is refused").anyMatch(Problem::isError);
              }
            });

    defects.forEach(d -> assertThat(run.count(d)).as(d).isGreaterThan(10));
  }

  // ---------------------------------------------------------------- never throws

  @Test
  void givenRandomGraphs_whenValidated_itNeverThrowsAndNamesEveryProblem() {
    PropertyCheck.Run run =
        PropertyCheck.forAll(
            "random graphs: validation names every problem; without errors it compiles",
            500,
            c -> {
              JsonNode flowData = randomGraph(c);
              String start = c.oneOf("t1", "t2", "missing", "");
              FlowGraph graph = FlowGraphParser.parse(flowData);
              List<Problem> problems = FlowValidator.validate(graph, start, CATALOG);
              assertThat(problems)
                  .allSatisfy(
                      p -> {
                        assertThat(p.code()).isNotBlank();
                        assertThat(p.severity()).isIn("error", "warning");
                        assertThat(p.message()).isNotBlank();
                      });
              if (problems.stream().noneMatch(Problem::isError)) {
                c.hit("no error: compiled");
                FlowDefinition definition = FlowCompiler.compile("f", 1, start, 0, graph, CATALOG);
                assertThat(definition.node(definition.startNodeId())).isPresent();
              } else {
                c.hit("errors");
              }
            });

    assertThat(run.count("no error: compiled")).isPositive();
  }

  /** Up to 6 nodes and 8 edges drawn from small pools, so ids collide and references dangle. */
  private static JsonNode randomGraph(Case c) {
    ObjectNode root = JSON.objectNode();
    ArrayNode nodes = root.putArray("nodes");
    for (int i = c.between(0, 6); i > 0; i--) {
      ObjectNode node =
          nodes
              .addObject()
              .put("id", c.oneOf("n1", "n2", "n3", "n4", "", "n1 "))
              .put("type", c.oneOf("template", "condition", "action", "junk"));
      node.putObject("data")
          .put("template_id", c.oneOf("t1", "t2", "nope"))
          .put("action", c.oneOf("assign", "tag", "end", "delay", "explode"))
          .put("subject", "reply");
    }
    ArrayNode edges = root.putArray("edges");
    for (int i = 0, n = c.between(0, 8); i < n; i++) {
      ObjectNode edge =
          edges
              .addObject()
              .put("id", "e" + (i % 5))
              .put("source", c.oneOf("n1", "n2", "n3", "n4", "", "n1 "))
              .put("target", c.oneOf("n1", "n2", "n3", "n4", "", "n1 "));
      edge.putObject("data")
          .put(
              "trigger",
              c.oneOf(
                  "button_click",
                  "text_reply",
                  "condition",
                  "default",
                  "timeout",
                  "delivery_failed",
                  "bogus"))
          .put("trigger_value", c.oneOf("Yes", "No", "Maybe", "", "(", "[a-"))
          .put("operator", c.oneOf("equals", "matches", "in", "greater_than", "nope"));
    }
    return root;
  }

  @Test
  void givenArbitraryJson_whenParsedAndValidated_itNeverThrows() {
    PropertyCheck.forAll(
        "arbitrary JSON is parsed and validated without throwing",
        300,
        c -> {
          JsonNode anything = anyJson(c, 3);
          FlowGraph graph = FlowGraphParser.parse(anything);
          assertThat(FlowValidator.validate(graph, "t1", CATALOG)).isNotNull();
          c.hit(anything.getNodeType().name());
        });
  }

  /** Any JSON up to {@code depth} levels, with the keys a flow uses so they are met often. */
  private static JsonNode anyJson(Case c, int depth) {
    int kind = depth == 0 ? c.between(0, 3) : c.between(0, 5);
    return switch (kind) {
      case 0 -> JSON.textNode(c.string(8));
      case 1 -> JSON.numberNode(c.random().nextInt());
      case 2 -> JSON.nullNode();
      case 3 -> JSON.booleanNode(true);
      case 4 -> {
        ArrayNode array = JSON.arrayNode();
        for (int i = c.between(0, 4); i > 0; i--) {
          array.add(anyJson(c, depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = JSON.objectNode();
        for (int i = c.between(0, 4); i > 0; i--) {
          object.set(
              c.oneOf("nodes", "edges", "id", "source", "target", "data", "type", "label"),
              anyJson(c, depth - 1));
        }
        yield object;
      }
    };
  }
}
