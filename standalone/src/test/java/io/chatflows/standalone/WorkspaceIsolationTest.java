package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A token never sees or changes another workspace's flows, nodes, edges, templates, versions. */
class WorkspaceIsolationTest extends BuilderTestSupport {

  @Test
  void givenTwoWorkspaces_whenOneUsesTheOthersIds_itGets404AndChangesNothing() {
    Seed owner = seed();
    JsonNode flow = ok(owner.http().get("/chat-flow/flows/" + owner.flow()));
    String node = flow.get("nodes").get(0).get("id").asString();
    String edge = flow.get("edges").get(0).get("id").asString();
    Http other = newWorkspace();

    String[] paths = {
      "/chat-flow/flows/" + owner.flow() + "/",
      "/chat-flow/nodes/" + node + "/",
      "/chat-flow/edges/" + edge + "/",
      "/chat-flow/templates/" + owner.welcome() + "/",
    };
    for (String path : paths) {
      assertProblem(other.get(path), 404, "not_found");
      assertProblem(other.put(path, "{\"name\": \"taken\"}"), 404, "not_found");
      assertProblem(other.delete(path), 404, "not_found");
    }
    assertProblem(other.patch(paths[0], "{\"name\": \"taken\"}"), 404, "not_found");
    assertProblem(other.patch(paths[1], "{\"position\": {\"x\": 1}}"), 404, "not_found");
    assertProblem(other.get("/chat-flow/flows/" + owner.flow() + "/versions/"), 404, "not_found");
    assertProblem(other.get("/chat-flow/flows/" + owner.flow() + "/versions/1/"), 404, "not_found");
    assertProblem(
        other.post(
            "/chat-flow/nodes/",
            "{\"flow\": \"%s\", \"node_type\": \"action\"}".formatted(owner.flow())),
        400,
        "unknown_flow");
    assertProblem(
        other.post(
            "/chat-flow/edges/",
            "{\"flow\": \"%s\", \"source_node\": \"node-1\", \"target_node\": \"node-2\"}"
                .formatted(owner.flow())),
        400,
        "unknown_flow");
    assertProblem(other.get("/chat-flow/nodes/?flow=" + owner.flow()), 400, "unknown_flow");
    for (String list :
        new String[] {
          "/chat-flow/flows/", "/chat-flow/nodes/", "/chat-flow/edges/", "/chat-flow/templates/"
        }) {
      JsonNode page = ok(other.get(list));
      assertThat(page.get("count").asInt()).as(list).isZero();
      assertThat(page.get("results")).as(list).isEmpty();
    }

    JsonNode after = ok(owner.http().get("/chat-flow/flows/" + owner.flow()));
    assertThat(after).isEqualTo(flow);
    assertThat(
            ok(owner.http().get("/chat-flow/templates/" + owner.welcome())).get("name").asString())
        .isEqualTo("welcome_message");
    assertThat(ok(owner.http().get("/chat-flow/nodes/")).get("count").asInt()).isEqualTo(3);
  }
}
