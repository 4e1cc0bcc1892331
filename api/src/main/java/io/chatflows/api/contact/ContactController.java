package io.chatflows.api.contact;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.InputChecks;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.contact.ContactDocument;
import io.chatflows.store.contact.ContactQuery;
import io.chatflows.store.contact.ContactStore;
import io.chatflows.workflows.graph.Limits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /chat-flow/contacts/}: contacts are created on first contact; their tags, attributes and
 * assignee are written by conversations' actions and can be edited here. A contact's {@code id} is
 * its contact key, the value of the {@code ContactKey} search attribute in the Temporal UI.
 */
@Tag(
    name = "Contacts",
    description =
        "The people conversations run with: tags, attributes and assignee, written by actions and"
            + " editable here")
@RestController
class ContactController {

  static final int MAX_VALUE_LENGTH = Limits.VALUE_LENGTH;

  /** Most attributes, tags added or tags removed in one change. */
  static final int MAX_ITEMS_PER_CHANGE = 50;

  private final ContactStore contacts;

  ContactController(ContactStore contacts) {
    this.contacts = contacts;
  }

  record ContactView(
      String id,
      String waId,
      String name,
      List<String> tags,
      Map<String, String> attributes,
      String assignedTeam,
      String assignedAgent,
      Instant lastInboundAt,
      Instant createdAt,
      Instant updatedAt) {

    static ContactView of(ContactDocument c) {
      return new ContactView(
          c.key(),
          c.waId(),
          c.name(),
          c.tags(),
          c.attributes(),
          c.assignedTeam(),
          c.assignedAgent(),
          c.lastInboundAt(),
          c.createdAt(),
          c.updatedAt());
    }
  }

  /**
   * A change to a contact: {@code add_tags}/{@code remove_tags}, {@code attributes} to set (a
   * {@code null} value removes one), {@code name}.
   */
  record ContactChange(
      String name, List<String> addTags, List<String> removeTags, Map<String, String> attributes) {}

  @Operation(operationId = "listContacts", summary = "List contacts, most recently changed first")
  @GetMapping("/chat-flow/contacts")
  PageResponse<ContactView> list(
      Workspace workspace,
      @RequestParam(name = "wa_id", required = false) String waId,
      @RequestParam(required = false) String tag,
      Paging paging) {
    ContactQuery query =
        new ContactQuery(workspace.id(), waId == null ? null : workspace.contactKey(waId), tag);
    List<ContactView> results =
        contacts.list(query, paging.offset(), paging.pageSize()).stream()
            .map(ContactView::of)
            .toList();
    return paging.answer(results, contacts.count(query));
  }

  @Operation(operationId = "getContact", summary = "Get a contact")
  @GetMapping("/chat-flow/contacts/{id}")
  ContactView get(Workspace workspace, @PathVariable String id) {
    return ContactView.of(find(workspace, id));
  }

  @Operation(operationId = "updateContact", summary = "Change a contact's name, tags or attributes")
  @PatchMapping("/chat-flow/contacts/{id}")
  ContactView update(
      Workspace workspace, @PathVariable String id, @RequestBody ContactChange change) {
    ContactDocument contact = find(workspace, id);
    InputChecks.optionalName("name", change.name(), Limits.NAME_LENGTH);
    checkCount("attributes", change.attributes() == null ? 0 : change.attributes().size());
    checkCount("add_tags", change.addTags() == null ? 0 : change.addTags().size());
    checkCount("remove_tags", change.removeTags() == null ? 0 : change.removeTags().size());
    if (change.attributes() != null) {
      change.attributes().forEach(ContactController::checkAttribute);
    }
    checkTags("add_tags", change.addTags());
    checkTags("remove_tags", change.removeTags());
    contacts.edit(
        workspace.id(),
        contact.key(),
        change.name(),
        change.addTags(),
        change.removeTags(),
        change.attributes());
    return ContactView.of(find(workspace, id));
  }

  private ContactDocument find(Workspace workspace, String id) {
    return contacts.find(workspace.id(), id).orElseThrow(() -> ApiException.notFound("contact"));
  }

  private static void checkAttribute(String name, String value) {
    InputChecks.keyName("invalid_attribute", "attributes", name);
    String field = "attributes." + name;
    if (value != null && value.length() > MAX_VALUE_LENGTH) {
      throw ApiException.invalidField(
          "attribute_too_long",
          field,
          "attribute " + name + " is longer than " + MAX_VALUE_LENGTH + " characters");
    }
    InputChecks.text(field, value, MAX_VALUE_LENGTH);
  }

  /** At most {@link #MAX_ITEMS_PER_CHANGE} attributes or tags in one change. */
  private static void checkCount(String field, int count) {
    if (count > MAX_ITEMS_PER_CHANGE) {
      throw ApiException.invalidField(
          "too_many_items", field, field + " may hold at most " + MAX_ITEMS_PER_CHANGE + " items");
    }
  }

  private static void checkTags(String field, List<String> tags) {
    if (tags == null) {
      return;
    }
    for (int i = 0; i < tags.size(); i++) {
      String problem = Limits.nameProblem(tags.get(i), Limits.TAG_LENGTH);
      if (problem != null) {
        throw ApiException.invalidField(
            "invalid_tag",
            field + "[" + i + "]",
            "tags are names of 1 to 64 characters: " + problem);
      }
    }
  }
}
