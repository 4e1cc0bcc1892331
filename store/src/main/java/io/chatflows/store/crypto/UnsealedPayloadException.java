package io.chatflows.store.crypto;

import io.temporal.common.converter.DataConverterException;

/**
 * A Temporal payload that is missing or not sealed with a known key: plain, sealed with a key this
 * process does not hold, or altered. A {@link DataConverterException}, so the SDK drops a signal
 * that carries one; the conversation workflow fails at once on a start that carries one. The
 * message names no payload content.
 */
public final class UnsealedPayloadException extends DataConverterException {

  UnsealedPayloadException(String message) {
    super(message);
  }

  /** Refusals are expected input, not bugs: no stack trace. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
