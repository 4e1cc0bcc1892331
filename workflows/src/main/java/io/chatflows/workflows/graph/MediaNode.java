package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Sends an image, video, audio or document, by its https link or the id of media uploaded to
 * WhatsApp, with a caption (not for audio) and a document's file name.
 */
public record MediaNode(
    NodeBase base,
    String mediaType,
    String link,
    String mediaId,
    String caption,
    String filename,
    long timeoutSeconds)
    implements SessionNode {

  public static final String TYPE = "media";

  /** The media types a node sends; what the contact sends back may also be a sticker. */
  static final Set<String> RECEIVED_TYPES =
      Set.of("image", "video", "audio", "document", "sticker");

  static final Field<String> MEDIA_TYPE =
      Field.text("media_type", "Media type")
          .choices("image", "video", "audio", "document")
          .required()
          .describe("What is sent: image, video, audio or document.");
  static final Field<String> MEDIA_ID =
      Field.text("media_id", "Media id")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.ID_LENGTH)
          .describe("The id of media uploaded to WhatsApp (instead of a link).");
  static final Field<String> LINK =
      Field.text("link", "Link")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.URL_LENGTH)
          .https()
          .requiredUnless(MEDIA_ID)
          .placeholders()
          .widget("url")
          .describe("The https:// URL WhatsApp fetches the media from (or give media_id).");
  static final Field<String> CAPTION =
      Field.text("caption", "Caption")
          .maxLength(Limits.MEDIA_CAPTION_LENGTH)
          .placeholders()
          .widget("placeholder-text")
          .describe("The text shown with an image, video or document (audio has none).");
  static final Field<String> FILENAME =
      Field.text("filename", "File name")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.MEDIA_FILENAME_LENGTH)
          .describe("The file name a document is shown with (documents only).");

  public static final NodeKind<MediaNode> KIND =
      NodeKind.ofType(TYPE, MediaNode::read)
          .label("Send media")
          .describe(
              "Sends an image, video, audio or document by link or uploaded media id (a session"
                  + " message: only within 24 hours of the contact's last message, else it takes"
                  + " window_closed). It waits for the contact when it has an edge a reply takes.")
          .category(NodeKind.Category.MESSAGE)
          .waits(NodeKind.Waits.WITH_REPLY_EDGES)
          .fields(
              MEDIA_TYPE,
              LINK,
              MEDIA_ID,
              CAPTION,
              FILENAME,
              SessionFields.TIMEOUT,
              Reprompt.TEXT,
              Reprompt.MAX)
          .outputs(
              SessionFields.TEXT_REPLY,
              Output.of(
                  Trigger.MEDIA_RECEIVED,
                  "Media reply",
                  "The contact sent media: any type, or the type that is the edge's value."),
              SessionFields.TIMEOUT_OUTPUT,
              SessionFields.WINDOW_CLOSED,
              SessionFields.DELIVERY_FAILED,
              Reprompt.NO_MATCH,
              SessionFields.NEXT)
          .rules(MediaNode::rules);

  /** A link or a media id, not both; no caption on audio; a file name on documents only. */
  private static void rules(MediaNode node, FieldCheck check) {
    JsonNode data = node.data();
    if (LINK.isGiven(data) && MEDIA_ID.isGiven(data)) {
      check.error("conflicting_fields", "media_id", "give link or media_id, not both");
    }
    if ("audio".equals(node.mediaType()) && CAPTION.isGiven(data)) {
      check.error("not_allowed", "caption", "caption: WhatsApp sends audio without a caption");
    }
    if (node.mediaType() != null
        && !"document".equals(node.mediaType())
        && FILENAME.isGiven(data)) {
      check.error("not_allowed", "filename", "filename: only a document has a file name");
    }
  }

  private static MediaNode read(NodeBase base) {
    JsonNode data = base.data();
    return new MediaNode(
        base,
        MEDIA_TYPE.read(data),
        LINK.read(data),
        MEDIA_ID.read(data),
        CAPTION.read(data),
        FILENAME.read(data),
        SessionFields.TIMEOUT.read(data));
  }

  @Override
  public SessionMessage message(UnaryOperator<String> render) {
    String type = mediaType == null ? "document" : mediaType;
    String url = mediaId == null ? SessionFields.rendered(link, render) : null;
    String text = "audio".equals(type) ? null : SessionFields.rendered(caption, render);
    Map<String, Object> content =
        SessionFields.ordered(
            "id",
            mediaId,
            "link",
            url,
            "caption",
            text,
            "filename",
            "document".equals(type) ? filename : null);
    return new SessionMessage(
        type, content, text != null ? text : url != null ? url : mediaId, null, null);
  }

  @Override
  public Set<String> edgeValues(Trigger trigger) {
    return trigger == Trigger.MEDIA_RECEIVED ? RECEIVED_TYPES : null;
  }

  @Override
  public NodeKind<MediaNode> kind() {
    return KIND;
  }
}
