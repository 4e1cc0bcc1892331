package io.chatflows.api.builder;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The visual builder is a single-page app served from {@code static/} (the {@code web} module). Its
 * client-side routes live under {@code /flows/} and {@code /agents/}, which no API path uses, so a
 * deep link such as {@code /flows/<id>} loads the app and the app shows the flow. {@code /} is
 * served by Spring Boot's welcome page.
 */
@Hidden
@Controller
class BuilderPages {

  @GetMapping({"/flows", "/flows/**", "/agents", "/agents/**"})
  String app() {
    return "forward:/index.html";
  }
}
