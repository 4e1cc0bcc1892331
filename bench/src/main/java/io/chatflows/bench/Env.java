package io.chatflows.bench;

import io.temporal.client.WorkflowClient;

/**
 * What every benchmark uses: the app's API, the stand-in, the Temporal client, the durable floor,
 * the flows.
 */
record Env(
    Api api,
    StandIn standIn,
    WorkflowClient temporal,
    AppProcess app,
    FloorProcess floor,
    String menuTemplate,
    String statusTemplate,
    String flowB1,
    String flowB2,
    String flowB4,
    long runId) {}
