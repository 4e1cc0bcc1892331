package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls an HTTP endpoint; its status and the mapped fields of its JSON answer become variables.
 *
 * @param url the URL, unrendered
 * @param body the body as written: a text, or JSON whose strings are rendered; {@code null}: none
 * @param responseMapping variable name to dotted path in the answer ({@code ticket.id}, {@code
 *     items.0.name})
 */
public record WebhookAction(
    NodeBase base,
    String url,
    String method,
    JsonNode body,
    Map<String, String> headers,
    Map<String, String> responseMapping)
    implements ActionNode {

  /** The variable every webhook action sets: the answer's status, or {@code error}. */
  public static final String STATUS_VARIABLE = "webhook_status";

  static final Field<String> URL =
      Field.text("url", "URL")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.URL_LENGTH)
          .required()
          .url()
          .placeholders()
          .widget("url")
          .describe("The http:// or https:// URL to call.");
  static final Field<String> METHOD =
      Field.text("method", "Method")
          .choices("GET", "POST", "PUT", "PATCH", "DELETE")
          .defaultValue("POST")
          .describe("The HTTP method.");
  static final Field<Map<String, String>> HEADERS =
      Field.textMap("headers", "Headers")
          .rule(Field.Rule.NAME)
          .keys(Field.Rule.NAME)
          .placeholders()
          .widget("key-value")
          .describe("Request headers: name to value, without line breaks.");
  static final Field<JsonNode> BODY =
      Field.json("body", "Body")
          .placeholders()
          .widget("json")
          .describe(
              "A text, or JSON whose string values may hold placeholders (each stays one JSON"
                  + " string); not sent with GET.");
  static final Field<Map<String, String>> RESPONSE_MAPPING =
      Field.textMap("response_mapping", "Save answer fields as variables")
          .keys(Field.Rule.KEY)
          .widget("key-value")
          .describe("Variable name to a dotted path in the JSON answer (ticket.id, items.0.name).");

  public static final NodeKind<WebhookAction> KIND =
      NodeKind.action("webhook", WebhookAction::read)
          .label("Call webhook")
          .describe(
              "Calls an HTTP endpoint; webhook_status becomes its status (or error) and the mapped"
                  + " fields of its JSON answer become variables. Private addresses are refused.")
          .fields(URL, METHOD, HEADERS, BODY, RESPONSE_MAPPING)
          .outputs(Output.NEXT);

  private static WebhookAction read(NodeBase base) {
    JsonNode data = base.data();
    return new WebhookAction(
        base,
        URL.read(data),
        METHOD.read(data),
        BODY.read(data),
        HEADERS.read(data),
        RESPONSE_MAPPING.read(data));
  }

  @Override
  public List<String> variablesSet() {
    List<String> names = new ArrayList<>(List.of(STATUS_VARIABLE));
    names.addAll(responseMapping.keySet());
    return names;
  }

  @Override
  public NodeKind<WebhookAction> kind() {
    return KIND;
  }
}
