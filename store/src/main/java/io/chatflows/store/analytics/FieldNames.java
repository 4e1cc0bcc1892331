package io.chatflows.store.analytics;

/**
 * Node, edge and status names as MongoDB field names: a name may contain {@code .} or start with
 * {@code $}, which a field path cannot, so those (and {@code %}) are percent-encoded; the empty
 * name becomes {@code %}.
 */
final class FieldNames {

  private FieldNames() {}

  static String encode(String name) {
    if (name.isEmpty()) {
      return "%";
    }
    return name.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
  }

  static String decode(String field) {
    if (field.equals("%")) {
      return "";
    }
    return field.replace("%2E", ".").replace("%24", "$").replace("%25", "%");
  }
}
