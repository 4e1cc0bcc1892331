package io.chatflows.workflows.graph;

import java.util.function.UnaryOperator;

/**
 * Sends a location request: a body and a "Send location" button; the contact's shared location
 * takes the {@code location_received} edge.
 */
public record LocationRequestNode(NodeBase base, String body, long timeoutSeconds)
    implements SessionNode {

  public static final String TYPE = "location_request";

  static final Field<String> BODY = SessionFields.body(Limits.INTERACTIVE_BODY_LENGTH);

  public static final NodeKind<LocationRequestNode> KIND =
      NodeKind.ofType(TYPE, LocationRequestNode::read)
          .label("Ask for location")
          .describe(
              "Asks the contact to share a location (a session message: only within 24 hours of"
                  + " the contact's last message, else it takes window_closed). It waits for the"
                  + " contact when it has an edge a reply takes; the reply's text is"
                  + " 'latitude,longitude'.")
          .category(NodeKind.Category.MESSAGE)
          .waits(NodeKind.Waits.WITH_REPLY_EDGES)
          .fields(BODY, SessionFields.TIMEOUT, Reprompt.TEXT, Reprompt.MAX)
          .outputs(
              Output.of(Trigger.LOCATION_RECEIVED, "Location", "The contact shared a location."),
              SessionFields.TEXT_REPLY,
              SessionFields.TIMEOUT_OUTPUT,
              SessionFields.WINDOW_CLOSED,
              SessionFields.DELIVERY_FAILED,
              Reprompt.NO_MATCH,
              SessionFields.NEXT);

  private static LocationRequestNode read(NodeBase base) {
    return new LocationRequestNode(
        base, BODY.read(base.data()), SessionFields.TIMEOUT.read(base.data()));
  }

  @Override
  public SessionMessage message(UnaryOperator<String> render) {
    return new SessionMessage(
        "interactive",
        SessionFields.interactive(
            "location_request_message",
            null,
            body,
            null,
            SessionFields.ordered("name", "send_location"),
            render),
        body == null ? "" : render.apply(body),
        null,
        null);
  }

  @Override
  public NodeKind<LocationRequestNode> kind() {
    return KIND;
  }
}
