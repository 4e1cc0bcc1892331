package io.chatflows.api.openapi;

import io.chatflows.api.security.BearerTokenFilter;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;

/**
 * Completes every operation of the document with what holds for all of them alike: the credential
 * its path needs, decided by {@link BearerTokenFilter#access} (the filter that enforces it, so the
 * document cannot say otherwise), and the client errors it can answer with, each as {@code
 * application/problem+json}: 401 where a token is needed, 404 where the path names a resource or
 * the operator's endpoints are off, 400 where it reads parameters or a body, 413 where it reads a
 * body. Answers particular to one operation (a 409 and its codes) are annotated on its controller
 * method and get the problem body here too.
 */
@Component
class AccessAndProblems implements OpenApiCustomizer {

  static final String PROBLEM = "ProblemDetail";
  static final String PROBLEM_JSON = "application/problem+json";

  @Override
  public void customise(OpenAPI openApi) {
    // Added here, not to the OpenAPI bean: springdoc drops schemas nothing refers to yet.
    openApi.getComponents().addSchemas(PROBLEM, problemSchema());
    openApi
        .getPaths()
        .forEach(
            (path, item) -> item.readOperations().forEach(operation -> complete(path, operation)));
  }

  private static void complete(String path, Operation operation) {
    ApiResponses responses = operation.getResponses();
    switch (BearerTokenFilter.access(PathContainer.parsePath(path))) {
      case WORKSPACE -> {
        operation.setSecurity(List.of(new SecurityRequirement().addList(OpenApiConfig.BEARER)));
        putIfAbsent(responses, "401", "no workspace token, or an unknown one (`unauthorized`)");
      }
      case OPERATOR -> {
        operation.setSecurity(List.of(new SecurityRequirement().addList(OpenApiConfig.ADMIN)));
        putIfAbsent(responses, "401", "no admin token, or another token (`unauthorized`)");
        putIfAbsent(
            responses, "404", "no admin token is configured: the endpoint is off (`not_found`)");
      }
      case PUBLIC -> operation.setSecurity(List.of());
    }
    List<Parameter> parameters =
        operation.getParameters() == null ? List.of() : operation.getParameters();
    if (parameters.stream().anyMatch(p -> "path".equals(p.getIn()))) {
      putIfAbsent(
          responses, "404", "nothing in this workspace has the id the path names (`not_found`)");
    }
    if (operation.getRequestBody() != null) {
      putIfAbsent(
          responses,
          "400",
          "the body or a parameter is invalid: `malformed_body` when it is not JSON of the"
              + " expected shape, else a code naming the problem; `field` names the field");
      putIfAbsent(
          responses,
          "413",
          "the body is larger than CHATFLOW_LIMITS_MAX_BODY_BYTES (`body_too_large`)");
    } else if (!parameters.isEmpty()) {
      putIfAbsent(
          responses,
          "400",
          "a parameter is invalid (`invalid_parameter` or a code naming the problem); `field`"
              + " names it");
    }
    responses.forEach(
        (code, response) -> {
          if (code.startsWith("4") || code.startsWith("5")) {
            response.setContent(
                new Content()
                    .addMediaType(
                        PROBLEM_JSON,
                        new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
          }
        });
  }

  private static void putIfAbsent(ApiResponses responses, String code, String description) {
    if (!responses.containsKey(code)) {
      responses.addApiResponse(code, new ApiResponse().description(description));
    }
  }

  /** An error as every endpoint answers it: RFC 9457 problem details with a code. */
  static Schema<?> problemSchema() {
    return new ObjectSchema()
        .description(
            "An error (RFC 9457 problem details). `code` names the problem for programs; `field`"
                + " names the request field or parameter it concerns, when one does.")
        .addProperty(
            "type",
            new StringSchema().format("uri").example("https://chat-flows.dev/problems/not-found"))
        .addProperty("title", new StringSchema().example("Not Found"))
        .addProperty("status", new IntegerSchema().example(404))
        .addProperty("detail", new StringSchema().example("flow not found"))
        .addProperty("instance", new StringSchema().format("uri-reference"))
        .addProperty("code", new StringSchema().example("not_found"))
        .addProperty("field", new StringSchema().example("page_size"))
        .addProperty(
            "errors",
            new ArraySchema()
                .description(
                    "the single problems behind it (a flow's validation errors, ...), each with"
                        + " at least `code` and `message`")
                .items(new ObjectSchema().additionalProperties(true)))
        .required(List.of("type", "title", "status", "code"));
  }
}
