package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code flow_data} and the {@code /nodes/} + {@code /edges/} resources are one graph: they never
 * disagree, no concurrent change is lost, and a draft that would break an active flow is not
 * published.
 */
class BuilderGraphViewsTest extends BuilderTestSupport {

  @Test
  void givenAnActiveFlow_whenAChangeWouldBreakIt_itsDraftTakesItButPublishingIsRefused() {
    Seed seed = sampleFlow();
    Http http = seed.http();
    String publish = "/chat-flow/flows/" + seed.flow() + "/publish/";
    created(
        http,
        "/chat-flow/edges/",
        "{\"flow\": \"%s\", \"edge_id\": \"edge-9\", \"source_node\": \"node-1\", \"target_node\": \"node-3\", \"label\": \"Button: Cancel\"}"
            .formatted(seed.flow()));
    JsonNode refused = assertProblem(http.post(publish, ""), 400, "invalid_flow");
    assertThat(values(refused.get("errors"), "code")).containsExactly("unknown_button");
    assertThat(values(refused.get("errors"), "edge_id")).containsExactly("edge-9");
    created(
        http,
        "/chat-flow/nodes/",
        "{\"flow\": \"%s\", \"node_id\": \"node-9\", \"node_type\": \"sticker\"}"
            .formatted(seed.flow()));
    assertProblem(http.post(publish, ""), 400, "invalid_flow");
    assertThat(http.delete("/chat-flow/nodes/" + nodeIdOf(flow(seed), "node-1")).status())
        .as("a draft may have problems")
        .isEqualTo(204);
    JsonNode startGone = assertProblem(http.post(publish, ""), 400, "invalid_flow");
    assertThat(values(startGone.get("errors"), "code")).contains("no_start_node");
    assertThat(values(flow(seed).get("errors"), "code")).contains("no_start_node");

    JsonNode flow = flow(seed);
    assertThat(flow.get("version").asInt()).isEqualTo(4);
    assertThat(flow.get("published_version").asInt()).isEqualTo(1);
    assertThat(ok(http.get("/chat-flow/flows/" + seed.flow() + "/versions/1/")).get("flow_data"))
        .isEqualTo(json(sampleFlowData(seed.welcome(), seed.orderStatus())));
  }

  @Test
  void givenInterleavedWritesThroughBothViews_whenReadBack_theViewsAgree() {
    Seed seed = sampleFlow();
    Http http = seed.http();
    ok(
        http.put(
            "/chat-flow/flows/" + seed.flow() + "/",
            """
            {"name": "Welcome Flow", "is_active": false, "start_template": "%s", "flow_data": %s}
            """
                .formatted(
                    seed.welcome(),
                    sampleFlowData(seed.welcome(), seed.orderStatus())
                        .replace("\"zoom\": 1", "\"zoom\": 2"))));
    created(
        http,
        "/chat-flow/nodes/",
        "{\"flow\": \"%s\", \"node_id\": \"node-4\", \"node_type\": \"action\", \"data\": {\"action\": \"end\"}}"
            .formatted(seed.flow()));
    assertThat(http.delete("/chat-flow/edges/" + edgeIdOf(flow(seed), "edge-2")).status())
        .isEqualTo(204);

    JsonNode flow = flow(seed);
    assertThat(flow.get("version").asInt()).isEqualTo(4);
    assertThat(flow.get("flow_data").get("viewport").get("zoom").asInt()).isEqualTo(2);
    JsonNode nodes = ok(http.get("/chat-flow/nodes/?flow=" + seed.flow())).get("results");
    JsonNode edges = ok(http.get("/chat-flow/edges/?flow=" + seed.flow())).get("results");
    assertThat(nodes).isEqualTo(flow.get("nodes"));
    assertThat(edges).isEqualTo(flow.get("edges"));
    assertThat(values(nodes, "node_id"))
        .isEqualTo(values(flow.get("flow_data").get("nodes"), "id"));
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode raw = flow.get("flow_data").get("nodes").get(i);
      assertThat(nodes.get(i).get("node_type").asString()).isEqualTo(raw.get("type").asString());
      assertThat(nodes.get(i).get("data")).isEqualTo(raw.get("data"));
      assertThat(nodes.get(i).get("position")).isEqualTo(raw.get("position"));
    }
    assertThat(values(edges, "edge_id")).containsExactly("edge-1");
    assertThat(values(edges, "source_node")).containsExactly("node-1");
    assertThat(values(edges, "target_node")).containsExactly("node-2");
    assertThat(values(flow.get("flow_data").get("edges"), "id")).containsExactly("edge-1");
  }

  @Test
  void givenNodesOfSeveralFlows_whenListedWithoutFilter_itPagesAcrossFlowsInOrder() {
    Seed seed = sampleFlow();
    Http http = seed.http();
    String second =
        created(
            http,
            "/chat-flow/flows/",
            "{\"name\": \"Second\", \"flow_data\": {\"nodes\": [{\"id\": \"a\", \"type\": \"action\","
                + " \"data\": {\"action\": \"end\"}}, {\"id\": \"b\", \"type\": \"action\","
                + " \"data\": {\"action\": \"end\"}}], \"edges\": []}}");
    JsonNode page1 = ok(http.get("/chat-flow/nodes/?page_size=4"));
    assertThat(page1.get("count").asInt()).isEqualTo(5);
    assertThat(values(page1.get("results"), "node_id"))
        .containsExactly("node-1", "node-2", "node-3", "a");
    assertThat(page1.get("next").asString()).contains("page=2");
    JsonNode page2 = ok(http.get("/chat-flow/nodes?page_size=4&page=2"));
    assertThat(values(page2.get("results"), "node_id")).containsExactly("b");
    assertThat(values(page2.get("results"), "flow")).containsExactly(second);
    assertThat(page2.get("next").isNull()).isTrue();
    assertThat(page2.get("previous").asString()).contains("page=1");
    assertThat(ok(http.get("/chat-flow/edges/?page_size=1")).get("count").asInt()).isEqualTo(2);
    assertThat(ok(http.get("/chat-flow/edges/?flow=" + second)).get("count").asInt()).isZero();
    assertProblem(http.get("/chat-flow/nodes/?page_size=101"), 400, "invalid_page_size");
    assertProblem(http.get("/chat-flow/edges/?page_size=101"), 400, "invalid_page_size");
  }

  @Test
  void givenConcurrentWriters_whenEachAddsANode_noChangeIsLostAndEveryOneIsAVersion()
      throws Exception {
    Seed seed = sampleFlow();
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      String body =
          "{\"flow\": \"%s\", \"node_id\": \"w-%d\", \"node_type\": \"action\", \"data\": {\"action\": \"end\"}}"
              .formatted(seed.flow(), i);
      statuses.add(
          pool.submit(
              () -> {
                start.await();
                return seed.http().post("/chat-flow/nodes/", body).status();
              }));
    }
    start.countDown();
    List<Integer> answered = new ArrayList<>();
    for (Future<Integer> status : statuses) {
      answered.add(status.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    assertThat(answered).hasSize(writers).containsOnly(201);
    JsonNode flow = flow(seed);
    List<String> added = values(flow.get("flow_data").get("nodes"), "id");
    for (int i = 0; i < writers; i++) {
      assertThat(added).contains("w-" + i);
    }
    assertThat(flow.get("version").asInt()).isEqualTo(1 + writers);
    JsonNode versions =
        ok(seed.http().get("/chat-flow/flows/" + seed.flow() + "/versions/?page_size=100"));
    assertThat(versions.get("count").asInt()).isEqualTo(1 + writers);
    List<String> previous = List.of();
    for (int v = 1; v <= 1 + writers; v++) {
      JsonNode snapshot =
          ok(seed.http().get("/chat-flow/flows/" + seed.flow() + "/versions/" + v + "/"));
      List<String> ids = values(snapshot.get("flow_data").get("nodes"), "id");
      assertThat(ids).as("version %d holds one more node than the one before", v).hasSize(2 + v);
      assertThat(ids).containsAll(previous);
      previous = ids;
    }
    assertThat(previous).containsExactlyInAnyOrderElementsOf(added);
  }
}
