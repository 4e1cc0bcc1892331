package io.chatflows.workflows.graph;

import static io.chatflows.workflows.testing.Flows.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each kind reads its node's data as conversations always read it: older keys, single values for
 * lists, numeric texts, defaults, and nothing thrown for odd shapes (the validator reports those).
 */
class NodeReadingTest {

  @SuppressWarnings("unchecked")
  private static <N extends GraphNode> N read(String type, String data) {
    return (N) NodeKinds.read(new NodeBase("n1", type, null, json(data)));
  }

  @Test
  void givenATemplateNode_whenRead_itHasItsTemplateParametersAndTimeout() {
    TemplateNode sut =
        read(
            "template",
            "{'template_id': 't1', 'template_name': 'welcome', 'timeout_seconds': '600',"
                + " 'parameters': {'body': '{{contact.name}}'}}");

    assertThat(sut.templateId()).isEqualTo("t1");
    assertThat(sut.templateName()).isEqualTo("welcome");
    assertThat(sut.bodyParameters()).containsExactly("{{contact.name}}");
    assertThat(sut.timeoutSeconds()).isEqualTo(600);
    assertThat(sut.kind()).isSameAs(TemplateNode.KIND);
    TemplateNode odd = read("template", "{'timeout_seconds': 'soon', 'parameters': []}");
    assertThat(odd.timeoutSeconds()).isZero();
    assertThat(odd.bodyParameters()).isEmpty();
    assertThat(odd.templateId()).isNull();
  }

  @Test
  void givenAConditionNode_whenRead_anUnknownOrMissingSubjectIsTheReply() {
    ConditionNode variable = read("condition", "{'subject': 'variable', 'key': 'tier'}");
    ConditionNode unknown = read("condition", "{'subject': 'mood'}");
    ConditionNode none = read("condition", "{}");

    assertThat(variable.subject()).isEqualTo(ConditionSubject.VARIABLE);
    assertThat(variable.key()).isEqualTo("tier");
    assertThat(unknown.subject()).isEqualTo(ConditionSubject.REPLY);
    assertThat(none.subject()).isEqualTo(ConditionSubject.REPLY);
  }

  @Test
  void givenActions_whenRead_olderKeysAndLooseShapesAreReadAsTheyAlwaysWere() {
    AssignAction assign = read("action", "{'action': 'assign', 'team': 7, 'handoff': 'true'}");
    TagAction tag = read("action", "{'action': 'tag', 'tags': ['a', 'b'], 'tag': 'c'}");
    UntagAction untag = read("action", "{'action': 'untag', 'tag': 'c'}");
    SetVariableAction named = read("action", "{'action': 'set_variable', 'variable': 'x'}");
    SetVariableAction nameless = read("action", "{'action': 'set_variable', 'value': 'v'}");
    SetAttributeAction attribute =
        read("action", "{'action': 'set_attribute', 'attribute': 'tier', 'value': 'gold'}");
    DelayAction delay = read("action", "{'action': 'delay', 'seconds': 5, 'delay_seconds': 60}");
    DelayAction older = read("action", "{'action': 'delay', 'delay_seconds': 60}");
    SendTextAction text = read("action", "{'action': 'send_text', 'text': 'Hi'}");

    assertThat(assign.team()).isEqualTo("7");
    assertThat(assign.agent()).isNull();
    assertThat(assign.handoff()).isTrue();
    assertThat(tag.tags()).containsExactly("a", "b", "c");
    assertThat(untag.tags()).containsExactly("c");
    assertThat(named.name()).isEqualTo("x");
    assertThat(named.variablesSet()).containsExactly("x");
    assertThat(nameless.name()).isEqualTo("null");
    assertThat(nameless.value()).isEqualTo("v");
    assertThat(attribute.name()).isEqualTo("tier");
    assertThat(attribute.value()).isEqualTo("gold");
    assertThat(delay.seconds()).isEqualTo(60);
    assertThat(delay.field()).isEqualTo("seconds");
    assertThat(older.field()).isEqualTo("delay_seconds");
    assertThat(text.text()).isEqualTo("Hi");
    assertThat((GraphNode) read("action", "{'action': 'end'}")).isInstanceOf(EndAction.class);
  }

  @Test
  void givenAWebhookAction_whenRead_itHasItsRequestAndTheVariablesItSets() {
    WebhookAction sut =
        read(
            "action",
            "{'action': 'webhook', 'url': 'https://x.example', 'headers': {'B': '2', 'A': 1},"
                + " 'body': {'a': '{{reply.text}}'}, 'response_mapping': {'ticket': 'id'}}");

    assertThat(sut.url()).isEqualTo("https://x.example");
    assertThat(sut.method()).isEqualTo("POST");
    assertThat(sut.headers()).containsExactly(Map.entry("B", "2"), Map.entry("A", "1"));
    assertThat(sut.body()).isEqualTo(json("{'a': '{{reply.text}}'}"));
    assertThat(sut.responseMapping()).containsExactly(Map.entry("ticket", "id"));
    assertThat(sut.variablesSet()).isEqualTo(List.of("webhook_status", "ticket"));
    WebhookAction bare = read("action", "{'action': 'webhook', 'body': null, 'method': 'GET'}");
    assertThat(bare.body()).isNull();
    assertThat(bare.method()).isEqualTo("GET");
    assertThat(bare.headers()).isEmpty();
  }
}
