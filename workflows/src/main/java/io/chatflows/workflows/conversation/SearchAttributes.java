package io.chatflows.workflows.conversation;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.util.Map;

/**
 * The custom search attributes conversations upsert as they move, for Temporal UI filters. None
 * holds a phone number.
 */
public final class SearchAttributes {
  public static final SearchAttributeKey<String> WORKSPACE =
      SearchAttributeKey.forKeyword("WorkspaceId");
  public static final SearchAttributeKey<String> FLOW_ID = SearchAttributeKey.forKeyword("FlowId");
  public static final SearchAttributeKey<Long> FLOW_VERSION =
      SearchAttributeKey.forLong("FlowVersion");
  public static final SearchAttributeKey<String> NODE = SearchAttributeKey.forKeyword("FlowNode");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("ConversationStatus");
  public static final SearchAttributeKey<String> CONTACT_KEY =
      SearchAttributeKey.forKeyword("ContactKey");

  /** Every attribute with its index type, for registering them on a Temporal namespace. */
  public static final Map<String, IndexedValueType> ALL =
      Map.of(
          WORKSPACE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          FLOW_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          FLOW_VERSION.getName(), IndexedValueType.INDEXED_VALUE_TYPE_INT,
          NODE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          STATUS.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          CONTACT_KEY.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);

  private SearchAttributes() {}

  /**
   * Registers every attribute on a namespace, through the operator service these options reach:
   * what an operator does once for a real Temporal server, and what the embedded server, the
   * benchmark and the tests do for the Java test server they start.
   */
  public static void register(OperatorServiceStubsOptions operator, String namespace) {
    OperatorServiceStubs stubs = OperatorServiceStubs.newServiceStubs(operator);
    try {
      stubs
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(namespace)
                  .putAllSearchAttributes(ALL)
                  .build());
    } finally {
      stubs.shutdown();
    }
  }

  /** {@link #register(OperatorServiceStubsOptions, String)} on the server at {@code host:port}. */
  public static void register(String target, String namespace) {
    register(
        OperatorServiceStubsOptions.newBuilder().setTarget(target).validateAndBuildWithDefaults(),
        namespace);
  }
}
