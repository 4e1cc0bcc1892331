package io.chatflows.api.flow;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Names the item in the OpenAPI texts of {@link GraphItemController}'s operations: {@code
 * list{Items}} becomes {@code listNodes} on {@code /nodes/} and {@code listEdges} on {@code
 * /edges/}, likewise summaries, descriptions and answers.
 */
@Component
class GraphItemOperations implements OperationCustomizer {

  private final Map<Class<?>, String> items;

  GraphItemOperations(List<GraphItemController<?, ?>> controllers) {
    this.items =
        controllers.stream()
            .collect(
                Collectors.toMap(
                    c -> org.springframework.util.ClassUtils.getUserClass(c),
                    GraphItemController::item));
  }

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    String item = items.get(handler.getBeanType());
    if (item == null
        || !handler.getMethod().getDeclaringClass().equals(GraphItemController.class)) {
      return operation;
    }
    Function<String, String> named = text -> named(text, item);
    operation.setOperationId(named.apply(operation.getOperationId()));
    operation.setSummary(named.apply(operation.getSummary()));
    operation.setDescription(named.apply(operation.getDescription()));
    if (operation.getResponses() != null) {
      for (ApiResponse response : operation.getResponses().values()) {
        response.setDescription(named.apply(response.getDescription()));
      }
    }
    return operation;
  }

  private static String named(String text, String item) {
    if (text == null) {
      return null;
    }
    String capital = item.substring(0, 1).toUpperCase(Locale.ROOT) + item.substring(1);
    String article = "aeiou".indexOf(item.charAt(0)) >= 0 ? "an " : "a ";
    return text.replace("a {item}", article + item)
        .replace("{Items}", capital + "s")
        .replace("{items}", item + "s")
        .replace("{Item}", capital)
        .replace("{item}", item);
  }
}
