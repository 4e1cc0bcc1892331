package io.chatflows.store.analytics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One counter document: the conversations of a flow version that started in one hour (UTC). A
 * conversation's counts all go to the hour it started in, whenever its later steps happen, so a
 * range of start times is answered by the hours it covers.
 */
public record CounterKey(String workspaceId, String flowId, int version, Instant hour) {

  public static CounterKey of(String workspaceId, String flowId, int version, Instant startedAt) {
    return new CounterKey(workspaceId, flowId, version, startedAt.truncatedTo(ChronoUnit.HOURS));
  }

  /** The document id: {@code <workspace>|<flow>|<version>|<hour as epoch hours>}. */
  public String id() {
    return id(workspaceId, flowId, version, hour);
  }

  static String id(String workspaceId, String flowId, int version, Instant hour) {
    return workspaceId + "|" + flowId + "|" + version + "|" + hour.getEpochSecond() / 3600;
  }

  /** The id of a flow's bucket catalog. */
  static String flowId(String workspaceId, String flowId) {
    return workspaceId + "|" + flowId;
  }
}
