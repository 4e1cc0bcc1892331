package io.chatflows.api.security;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands the authenticated {@link Workspace} to controller methods that declare it. */
public class WorkspaceArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType().equals(Workspace.class);
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    Object workspace =
        webRequest.getAttribute(BearerTokenFilter.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (workspace == null) {
      throw new IllegalStateException("no authenticated workspace on this request");
    }
    return workspace;
  }
}
