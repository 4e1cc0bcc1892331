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
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Makes a webhook action's HTTP call. Refuses targets that resolve to loopback, link-local
 * (169.254.169.254 among them), private, unique-local or multicast addresses unless the host is on
 * the allow-list, on the first request and on every redirect; caps time and response size.
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

  public WebhookResult call(WebhookCall call) {
    String method = call.method() == null ? "POST" : call.method().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw refused("method " + method + " is not allowed");
    }
    URI uri = parse(call.url());
    for (int redirects = 0; ; redirects++) {
      checkTarget(uri);
      HttpResponse<InputStream> response = send(uri, method, call);
      int status = response.statusCode();
      String location = response.headers().firstValue("Location").orElse(null);
      if (status / 100 == 3 && location != null) {
        close(response);
        if (redirects >= properties.maxRedirects()) {
          throw refused("too many redirects");
        }
        uri = uri.resolve(location);
        method = status == 307 || status == 308 ? method : "GET";
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

  private HttpResponse<InputStream> send(URI uri, String method, WebhookCall call) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(properties.timeout());
    if (call.headers() != null) {
      call.headers()
          .forEach(
              (name, value) -> {
                try {
                  request.header(name, value);
                } catch (IllegalArgumentException e) {
                  throw refused("header " + name + " is not allowed");
                }
              });
    }
    boolean hasBody = call.body() != null && !method.equals("GET");
    if (hasBody
        && (call.headers() == null
            || call.headers().keySet().stream().noneMatch("content-type"::equalsIgnoreCase))) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        hasBody
            ? HttpRequest.BodyPublishers.ofString(call.body())
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
      if (!isPublic(address)) {
        throw refused("host " + host + " resolves to a non-public address");
      }
    }
  }

  static boolean isPublic(InetAddress address) {
    byte[] raw = address.getAddress();
    boolean uniqueLocalV6 = raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
    boolean sharedCgnat = raw.length == 4 && (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64;
    return !(address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()
        || uniqueLocalV6
        || sharedCgnat);
  }

  private static ApplicationFailure refused(String why) {
    return ApplicationFailure.newNonRetryableFailure(why, SendErrors.WEBHOOK_REFUSED);
  }
}
