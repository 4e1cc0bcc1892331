package io.chatflows.workflows.graph;

/**
 * A reply button of a buttons node or a row of a list node.
 *
 * @param id what the contact's reply carries, and the value of the edge it takes
 * @param description a row's description ({@code null} for buttons and rows without one)
 */
public record Choice(String id, String title, String description) {}
