package io.chatflows.worker.outbound;

import io.chatflows.workflows.conversation.SendErrors;
import io.chatflows.workflows.conversation.WebhookCall;
import io.chatflows.workflows.conversation.WebhookResult;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Makes a webhook action's HTTP call. Refuses targets that resolve to an address that is not
 * globally reachable ({@link TargetAddresses}) unless the host is on the allow-list, on the first
 * request and on every redirect; caps time and response size.
 *
 * <p>Redirects: a {@code Location} that is not an absolute or relative http(s) URL is refused at
 * once (not retried). A redirect to another origin (scheme, host or port differ) carries neither
 * the action's headers ({@code Authorization} among them) nor its body, as curl and browsers drop
 * credentials when a redirect leaves the host; once dropped they stay dropped.
 */
@Component
public class WebhookCaller {

  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private final OutboundProperties properties;
  private final HttpClient http;

  public WebhookCaller(OutboundProperties properties) {
    this.properties = properties;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(properties.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** One request of the call: the first, or one after a redirect. */
  private record Hop(URI uri, String method, Map<String, String> headers, String body) {}

  public WebhookResult call(WebhookCall call) {
    String method = call.method() == null ? "POST" : call.method().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw refused("method " + method + " is not allowed");
    }
    Hop hop =
        new Hop(
            parse(call.url()),
            method,
            call.headers() == null ? Map.of() : call.headers(),
            method.equals("GET") ? null : call.body());
    for (int redirects = 0; ; redirects++) {
      checkTarget(hop.uri());
      HttpResponse<InputStream> response = send(hop);
      int status = response.statusCode();
      String location = response.headers().firstValue("Location").orElse(null);
      if (status / 100 == 3 && location != null) {
        close(response);
        if (redirects >= properties.maxRedirects()) {
          throw refused("too many redirects");
        }
        hop = redirect(hop, status, location);
        continue;
      }
      String body = read(response);
      if (status >= 500 || status == 429) {
        throw ApplicationFailure.newFailure(
            "webhook answered " + status, "WebhookTransientFailure");
      }
      return new WebhookResult(status, body);
    }
  }

  /**
   * The request a redirect asks for: 307 and 308 keep the method and body, the others become a
   * body-less GET; another origin gets neither headers nor body.
   */
  private static Hop redirect(Hop from, int status, String location) {
    URI target;
    try {
      target = parse(from.uri().resolve(location.trim()).toString());
    } catch (IllegalArgumentException e) {
      throw refused("malformed redirect location");
    }
    boolean keepsMethod = status == 307 || status == 308;
    String method = keepsMethod ? from.method() : "GET";
    if (!sameOrigin(from.uri(), target)) {
      return new Hop(target, method, Map.of(), null);
    }
    return new Hop(target, method, from.headers(), keepsMethod ? from.body() : null);
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private HttpResponse<InputStream> send(Hop hop) {
    HttpRequest.Builder request = HttpRequest.newBuilder(hop.uri()).timeout(properties.timeout());
    hop.headers()
        .forEach(
            (name, value) -> {
              try {
                request.header(name, value);
              } catch (IllegalArgumentException e) {
                throw refused("header " + name + " is not allowed");
              }
            });
    boolean hasBody = hop.body() != null;
    if (hasBody && hop.headers().keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        hop.method(),
        hasBody
            ? HttpRequest.BodyPublishers.ofString(hop.body())
            : HttpRequest.BodyPublishers.noBody());
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "webhook unreachable: " + e.getMessage(), "WebhookTransientFailure");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "WebhookTransientFailure");
    }
  }

  private String read(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(properties.maxResponseBytes());
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("webhook response unreadable", "WebhookTransientFailure");
    }
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // nothing to recover
    }
  }

  private static URI parse(String url) {
    try {
      URI uri = URI.create(url == null ? "" : url.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw refused("only absolute http(s) URLs are allowed");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw refused("malformed URL");
    }
  }

  /** Resolves the host and refuses it when any of its addresses is not public. */
  void checkTarget(URI uri) {
    String host = uri.getHost();
    if (properties.allowedHosts().stream().anyMatch(host::equalsIgnoreCase)) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw refused("host " + host + " does not resolve");
    }
    for (InetAddress address : addresses) {
      if (!TargetAddresses.isPublic(address)) {
        throw refused("host " + host + " resolves to a non-public address");
      }
    }
  }

  private static ApplicationFailure refused(String why) {
    return ApplicationFailure.newNonRetryableFailure(why, SendErrors.WEBHOOK_REFUSED);
  }
}
