package io.chatflows.api.template;

import io.chatflows.api.config.ApiException;
import io.chatflows.store.channel.WhatsAppProperties;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads every template of a WhatsApp Business Account from the Business Management API, {@code GET
 * {graph base}/{waba_id}/message_templates}, page by page with the {@code after} cursor, at most
 * {@code chatflow.templates.sync-max-pages} pages of {@value #PAGE_SIZE}. All pages are read before
 * anything is stored, so a failure part-way changes nothing.
 */
@Component
class TemplateGraphClient {

  static final int PAGE_SIZE = 100;
  static final String FIELDS =
      "id,name,language,status,category,components,quality_score,rejected_reason";

  /** Graph API error codes that mean "slow down" or "try again", not "no". */
  private static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2, 4, 17, 32, 613, 80007);

  private final HttpClient http;
  private final JsonMapper json;
  private final WhatsAppProperties properties;
  private final int maxPages;

  TemplateGraphClient(
      JsonMapper json,
      WhatsAppProperties properties,
      @Value("${chatflow.templates.sync-max-pages:50}") int maxPages) {
    this.json = json;
    this.properties = properties;
    this.maxPages = maxPages;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
  }

  /** Every template of the account, and how many pages were read. */
  record Listing(List<TemplateListPage.Listed> templates, int pages, int skipped) {}

  /**
   * @throws ApiException 503 {@code graph_api_unavailable} when the Graph API is unreachable, times
   *     out, throttles or fails; 502 {@code template_sync_refused} when it refuses the request (a
   *     wrong token or account id); 502 {@code template_sync_failed} for an answer that is not a
   *     page or more than the page limit
   */
  Listing list(String wabaId, String accessToken) {
    List<TemplateListPage.Listed> templates = new ArrayList<>();
    int skipped = 0;
    String after = null;
    for (int pages = 1; pages <= maxPages; pages++) {
      TemplateListPage page = page(wabaId, accessToken, after);
      templates.addAll(page.templates());
      skipped += page.skipped();
      if (page.after() == null) {
        return new Listing(templates, pages, skipped);
      }
      after = page.after();
    }
    throw failed(
        "the business account lists more than "
            + maxPages
            + " pages of templates (chatflow.templates.sync-max-pages)");
  }

  private TemplateListPage page(String wabaId, String accessToken, String after) {
    String url =
        properties.graphBaseUrl()
            + "/"
            + URLEncoder.encode(wabaId, StandardCharsets.UTF_8)
            + "/message_templates?fields="
            + FIELDS
            + "&limit="
            + PAGE_SIZE
            + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(properties.timeout())
            .header("Authorization", "Bearer " + accessToken)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unavailable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable();
    }
    JsonNode answer = parse(response.body());
    int status = response.statusCode();
    JsonNode error = answer == null ? json.createObjectNode() : answer.path("error");
    if (status == 429
        || status >= 500
        || TRANSIENT_CODES.contains(error.path("code").asInt(0))
        || error.path("is_transient").asBoolean(false)) {
      throw unavailable();
    }
    if (status / 100 != 2) {
      throw new ApiException(
          HttpStatus.BAD_GATEWAY,
          "template_sync_refused",
          "the Graph API refused to list the templates of business account "
              + wabaId
              + " (HTTP "
              + status
              + ", code "
              + error.path("code").asInt(0)
              + "): check the channel's waba_id and access_token");
    }
    TemplateListPage page = TemplateListPage.parse(answer);
    if (page == null) {
      throw failed("the Graph API answered with something that is not a page of templates");
    }
    return page;
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ApiException unavailable() {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "graph_api_unavailable",
        "the Graph API could not list the templates now; nothing was changed, retry later");
  }

  private static ApiException failed(String message) {
    return new ApiException(
        HttpStatus.BAD_GATEWAY, "template_sync_failed", message + "; nothing was changed");
  }
}
