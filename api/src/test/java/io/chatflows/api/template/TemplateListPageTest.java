package io.chatflows.api.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Pages of {@code GET /{waba_id}/message_templates} in WhatsApp's shape, read whole. */
@SuppressWarnings("unchecked")
class TemplateListPageTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonNode sample(String name) {
    try (InputStream in = TemplateListPageTest.class.getResourceAsStream("/samples/" + name)) {
      return JSON.readTree(in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void givenAFirstPage_whenParsed_itHasEveryTemplateWithItsComponentsAndTheAfterCursor() {
    TemplateListPage page =
        TemplateListPage.parse(sample("whatsapp-message-templates-page-1.json"));

    assertThat(page.after()).isEqualTo("QVFIU-after-1");
    assertThat(page.skipped()).isZero();
    assertThat(page.templates())
        .extracting(
            TemplateListPage.Listed::whatsappId,
            TemplateListPage.Listed::name,
            TemplateListPage.Listed::language,
            TemplateListPage.Listed::status,
            TemplateListPage.Listed::category,
            TemplateListPage.Listed::qualityScore)
        .containsExactly(
            tuple("1001", "order_update", "en_US", "APPROVED", "UTILITY", "GREEN"),
            tuple("1002", "shipping_notice", "en_US", "APPROVED", "UTILITY", null),
            tuple("1003", "spring_promo", "en_US", "APPROVED", "MARKETING", null),
            tuple("1004", "login_code", "en_US", "APPROVED", "AUTHENTICATION", null));
    List<Map<String, Object>> order = page.templates().get(0).components();
    assertThat(order)
        .extracting(c -> c.get("type"))
        .containsExactly("HEADER", "BODY", "FOOTER", "BUTTONS");
    assertThat(order.get(0)).containsEntry("format", "TEXT").containsEntry("text", "Order {{1}}");
    assertThat((List<Object>) order.get(3).get("buttons"))
        .extracting(b -> (Object) ((Map<?, ?>) b).get("type"))
        .containsExactly("QUICK_REPLY", "QUICK_REPLY", "URL", "PHONE_NUMBER");
    assertThat(order.get(1).get("example"))
        .isEqualTo(Map.of("body_text", List.of(List.of("Ada", "A-17"))));
    Map<String, Object> otp = page.templates().get(3).components().get(2);
    assertThat((List<Object>) otp.get("buttons"))
        .containsExactly(Map.of("type", "OTP", "otp_type", "COPY_CODE", "text", "Copy code"));
    assertThat(page.templates().get(3).components().get(1))
        .containsEntry("code_expiration_minutes", 10L);
    assertThat(page.templates().get(3).components().get(0))
        .containsEntry("add_security_recommendation", true);
  }

  @Test
  void givenTheLastPage_whenParsed_itHasNoCursorAndKeepsStatusesAndReasons() {
    TemplateListPage page =
        TemplateListPage.parse(sample("whatsapp-message-templates-page-2.json"));

    assertThat(page.after()).as("no next page").isNull();
    assertThat(page.templates())
        .extracting(
            TemplateListPage.Listed::name,
            TemplateListPage.Listed::language,
            TemplateListPage.Listed::status,
            TemplateListPage.Listed::reason)
        .containsExactly(
            tuple("product_tour", "es", "PAUSED", null),
            tuple("invoice_ready", "en_US", "REJECTED", "INVALID_FORMAT"),
            tuple("store_location", "en_US", "PENDING", null),
            tuple("order_update", "pt_BR", "APPROVED", null));
    assertThat(page.templates().get(0).components().get(0)).containsEntry("format", "VIDEO");
    assertThat(page.templates().get(1).components().get(0)).containsEntry("format", "DOCUMENT");
    assertThat(page.templates().get(2).components().get(0)).containsEntry("format", "LOCATION");
    assertThat(page.templates().get(0).qualityScore()).isEqualTo("RED");
  }

  @Test
  void givenEntriesWithoutNameOrLanguageAndABodyThatIsNoPage_whenParsed_theyAreSkippedOrRefused() {
    TemplateListPage page =
        TemplateListPage.parse(
            JSON.readTree(
                "{\"data\": [{\"name\": \"a\"}, {\"language\": \"en\"}, 7,"
                    + " {\"name\": \"b\", \"language\": \"en\", \"components\": \"x\"}],"
                    + " \"paging\": {\"cursors\": {\"after\": \"c\"}}}"));

    assertThat(page.skipped()).isEqualTo(3);
    assertThat(page.templates()).extracting(TemplateListPage.Listed::name).containsExactly("b");
    assertThat(page.templates().get(0).components()).isEmpty();
    assertThat(page.after()).as("a cursor without next is the last page").isNull();
    assertThat(TemplateListPage.parse(JSON.readTree("{\"error\": {\"code\": 190}}"))).isNull();
    assertThat(TemplateListPage.parse(JSON.readTree("[]"))).isNull();
  }
}
