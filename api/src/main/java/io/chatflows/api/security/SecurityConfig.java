package io.chatflows.api.security;

import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Authentication of the API: the {@link BearerTokenFilter} after the trailing-slash and body-size
 * filters ({@code config.WebConfig}), and the {@link Workspace} it puts on the request handed to
 * controllers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BootstrapProperties.class)
public class SecurityConfig implements WebMvcConfigurer {

  /** Right after the filters that strip a trailing slash and bound the body. */
  static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

  @Bean
  FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(
      Workspaces workspaces, AdminToken adminToken) {
    FilterRegistrationBean<BearerTokenFilter> registration =
        new FilterRegistrationBean<>(new BearerTokenFilter(workspaces, adminToken));
    registration.setOrder(FILTER_ORDER);
    return registration;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new WorkspaceArgumentResolver());
  }
}
