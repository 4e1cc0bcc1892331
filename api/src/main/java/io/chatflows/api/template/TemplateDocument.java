package io.chatflows.api.template;

import io.chatflows.workflows.graph.TemplateSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A WhatsApp message template of a workspace.
 *
 * @param components header/body/footer/buttons in the WhatsApp Cloud API shape
 * @param whatsappId WhatsApp's id of the template, for one imported from a business account
 * @param wabaId the WhatsApp Business Account it was imported from ({@code null}: created here)
 * @param status WhatsApp's review status ({@code APPROVED}, {@code PAUSED}, {@code DISABLED},
 *     {@code REJECTED}, {@code PENDING}, {@code DELETED} when gone from the account, ...); {@code
 *     null} for a template created here
 * @param qualityScore WhatsApp's quality rating ({@code GREEN}, {@code YELLOW}, {@code RED}, {@code
 *     UNKNOWN}), when reported
 * @param reason why WhatsApp last changed the status (rejection or pause reason), when it said
 * @param statusAt when WhatsApp reported the status (the webhook's time, or the sync's): an older
 *     report is not applied over it
 * @param qualityAt when WhatsApp reported the quality rating
 * @param syncedAt when a sync last read it from the business account
 */
@Document("templates")
public record TemplateDocument(
    @Id String id,
    String workspaceId,
    String name,
    String language,
    String category,
    List<Map<String, Object>> components,
    Instant createdAt,
    Instant updatedAt,
    String whatsappId,
    String wabaId,
    String status,
    String qualityScore,
    String reason,
    Instant statusAt,
    Instant qualityAt,
    Instant syncedAt) {

  /** A template created here, never reviewed by WhatsApp. */
  public TemplateDocument(
      String id,
      String workspaceId,
      String name,
      String language,
      String category,
      List<Map<String, Object>> components,
      Instant createdAt,
      Instant updatedAt) {
    this(
        id,
        workspaceId,
        name,
        language,
        category,
        components,
        createdAt,
        updatedAt,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The texts of the quick-reply buttons, in order. */
  public List<String> quickReplies() {
    List<String> texts = new ArrayList<>();
    for (Map<String, Object> component :
        components == null ? List.<Map<String, Object>>of() : components) {
      if (!"buttons".equalsIgnoreCase(String.valueOf(component.get("type")))
          || !(component.get("buttons") instanceof List<?> buttons)) {
        continue;
      }
      for (Object button : buttons) {
        if (button instanceof Map<?, ?> map
            && "quick_reply".equals(String.valueOf(map.get("type")).toLowerCase(Locale.ROOT))
            && map.get("text") != null) {
          texts.add(String.valueOf(map.get("text")));
        }
      }
    }
    return texts;
  }

  /** What flows need of the template, with its header and body texts for parameter counts. */
  public TemplateSpec spec() {
    return TemplateSpec.of(
        id, name, language, quickReplies(), componentText("header"), componentText("body"), status);
  }

  /** The {@code text} of the component of this type, or {@code null}. */
  private String componentText(String type) {
    for (Map<String, Object> component :
        components == null ? List.<Map<String, Object>>of() : components) {
      if (type.equalsIgnoreCase(String.valueOf(component.get("type")))
          && component.get("text") instanceof String text) {
        return text;
      }
    }
    return null;
  }
}
