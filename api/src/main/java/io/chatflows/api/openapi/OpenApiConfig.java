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
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}) describes the
 * payloads as they really are: snake_case properties, {@code flow_data} and node {@code position} /
 * {@code data} as JSON objects, the bearer token as a security scheme and no {@link Workspace}
 * parameter (the token selects the workspace).
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

  static final String BEARER = "bearer";

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
                    "Builder REST API: flows, nodes, edges, templates, conversations. All JSON is"
                        + " snake_case; errors are application/problem+json with a code."))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("a workspace's API token")));
  }

  /** List operations take {@code page} and {@code page_size} ({@link Paging}). */
  @Bean
  OperationCustomizer pagingParameters(ApiLimits limits) {
    return (operation, handler) -> {
      boolean pages =
          java.util.Arrays.stream(handler.getMethodParameters())
              .anyMatch(p -> p.getParameterType().equals(Paging.class));
      if (pages) {
        operation
            .addParametersItem(
                new Parameter()
                    .in("query")
                    .name(Paging.PAGE)
                    .description("the page, from 1")
                    .schema(
                        new IntegerSchema()
                            .minimum(java.math.BigDecimal.ONE)
                            .maximum(java.math.BigDecimal.valueOf(Limits.PAGE.max()))
                            ._default(1)))
            .addParametersItem(
                new Parameter()
                    .in("query")
                    .name(Paging.PAGE_SIZE)
                    .description("items per page")
                    .schema(
                        new IntegerSchema()
                            .minimum(java.math.BigDecimal.ONE)
                            .maximum(java.math.BigDecimal.valueOf(limits.maxPageSize()))
                            ._default(Paging.DEFAULT_PAGE_SIZE)));
      }
      return operation;
    };
  }

  /** Every {@code /chat-flow/} operation needs the bearer token; the webhook bridge does not. */
  @Bean
  OpenApiCustomizer bearerOnChatFlowPaths() {
    return openApi ->
        openApi.getPaths().entrySet().stream()
            .filter(path -> path.getKey().startsWith("/chat-flow/"))
            .flatMap(path -> path.getValue().readOperations().stream())
            .forEach(
                operation -> operation.addSecurityItem(new SecurityRequirement().addList(BEARER)));
  }
}
