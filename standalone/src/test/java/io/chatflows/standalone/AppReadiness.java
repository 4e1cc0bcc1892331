package io.chatflows.standalone;

import java.time.Duration;

/** When a packaged app just started can take requests. */
final class AppReadiness {

  private AppReadiness() {}

  /**
   * Health is UP before the start-up runners have stored the bootstrap token: waits until the token
   * is accepted.
   */
  static void awaitToken(int port, String token) {
    Http http = new Http(port, token);
    Waits.until(
        Duration.ofSeconds(60),
        "the bootstrap token is accepted",
        () -> http.get("/chat-flow/flows/").status() == 200 ? true : null);
  }
}
