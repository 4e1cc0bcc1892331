package io.chatflows.api.openapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.chatflows.api.config.ApiLimits;
import io.chatflows.api.config.Paging;
import io.chatflows.api.security.Workspace;
import io.chatflows.workflows.graph.Limits;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}) describes the
 * API as it is: snake_case payloads, named tags and operations (annotated on the controllers), the
 * credential each path needs and the problems it answers with ({@link AccessAndProblems}), the page
 * parameters of list endpoints, and no {@link Workspace} parameter (the token selects the
 * workspace).
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

  /** A workspace's API token. */
  public static final String BEARER = "bearer";

  /** The operator's admin token ({@code CHATFLOW_ADMIN_TOKEN}). */
  public static final String ADMIN = "admin";

  static {
    SpringDocUtils.getConfig()
        .addRequestWrapperToIgnore(Workspace.class, Paging.class)
        .replaceWithSchema(tools.jackson.databind.JsonNode.class, new ObjectSchema());
  }

  /** Reads the payload records with the same naming the HTTP layer writes them with. */
  @Bean
  ModelResolver snakeCaseModelResolver() {
    return new ModelResolver(
            Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
        .openapi31(true);
  }

  @Bean
  OpenAPI chatFlowsOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Chat Flows API")
                .version("v1")
                .description(
                    "Builder REST API under /chat-flow/ (flows, nodes, edges, node kinds,"
                        + " templates, conversations, contacts, channels, analytics, the sandbox),"
                        + " the WhatsApp webhook, and the operator's admin and codec endpoints."
                        + " All JSON is snake_case; errors are application/problem+json with a"
                        + " machine-readable code."))
        .servers(List.of(new Server().url("/").description("this server")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("a workspace's API token; it selects the workspace"))
                .addSecuritySchemes(
                    ADMIN,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("the operator's admin token (CHATFLOW_ADMIN_TOKEN)")));
  }

  /** List operations take {@code page} and {@code page_size} ({@link Paging}). */
  @Bean
  OperationCustomizer pagingParameters(ApiLimits limits) {
    return (operation, handler) -> {
      if (Arrays.stream(handler.getMethodParameters())
          .anyMatch(p -> p.getParameterType().equals(Paging.class))) {
        operation
            .addParametersItem(integer(Paging.PAGE, "the page, from 1", Limits.PAGE.max(), 1))
            .addParametersItem(
                integer(
                    Paging.PAGE_SIZE,
                    "items per page",
                    limits.maxPageSize(),
                    Paging.DEFAULT_PAGE_SIZE));
      }
      return operation;
    };
  }

  private static Parameter integer(String name, String description, long max, int fallback) {
    return new Parameter()
        .in("query")
        .name(name)
        .description(description)
        .schema(
            new IntegerSchema()
                .minimum(BigDecimal.ONE)
                .maximum(BigDecimal.valueOf(max))
                ._default(fallback));
  }
}
