package io.chatflows.store.crypto;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.payload.context.HasWorkflowSerializationContext;
import io.temporal.payload.context.SerializationContext;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.function.Supplier;
import javax.annotation.Nonnull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data converter of the api and the worker: encrypting (a {@code CodecDataConverter} with the
 * {@link EncryptedPayloadCodec}), and refusing what a process without the key could have sent. A
 * payload that is not sealed with a known key is refused by the codec; a value that should be there
 * but has no payload at all (a start or signal sent without arguments) is refused here. Both throw
 * {@link UnsealedPayloadException}: the SDK drops such a signal, and the conversation workflow
 * fails such a start at once (it lists the exception as a workflow failure), so neither changes a
 * conversation or sends anything.
 *
 * <p>Each refusal is logged once, with the workflow id and no payload content: inside a workflow
 * only while not replaying, so a replay does not log the same signal again.
 */
public final class SealedDataConverter implements DataConverter {

  private static final Logger log = LoggerFactory.getLogger(SealedDataConverter.class);

  private final DataConverter sealing;
  private final String workflowId;

  /**
   * @param sealing the converter that encodes with, and decodes through, the encrypting codec
   */
  public SealedDataConverter(DataConverter sealing) {
    this(sealing, null);
  }

  private SealedDataConverter(DataConverter sealing, String workflowId) {
    this.sealing = sealing;
    this.workflowId = workflowId;
  }

  @Override
  public <T> Optional<Payload> toPayload(T value) {
    return sealing.toPayload(value);
  }

  @Override
  public Optional<Payloads> toPayloads(Object... values) {
    return sealing.toPayloads(values);
  }

  @Override
  public <T> T fromPayload(Payload payload, Class<T> valueClass, Type valueType) {
    return opened(() -> sealing.fromPayload(payload, valueClass, valueType));
  }

  @Override
  public <T> T fromPayloads(
      int index, Optional<Payloads> content, Class<T> valueType, Type valueGenericType) {
    if (valueType != Void.class && valueType != void.class && count(content) <= index) {
      throw refused(new UnsealedPayloadException("a payload is missing"));
    }
    return opened(() -> sealing.fromPayloads(index, content, valueType, valueGenericType));
  }

  @Override
  public Object[] fromPayloads(
      Optional<Payloads> content, Class<?>[] parameterTypes, Type[] genericParameterTypes) {
    if (count(content) < parameterTypes.length) {
      throw refused(new UnsealedPayloadException("a payload is missing"));
    }
    return opened(() -> sealing.fromPayloads(content, parameterTypes, genericParameterTypes));
  }

  @Nonnull
  @Override
  public Failure exceptionToFailure(@Nonnull Throwable throwable) {
    return sealing.exceptionToFailure(throwable);
  }

  @Nonnull
  @Override
  public RuntimeException failureToException(@Nonnull Failure failure) {
    return opened(() -> sealing.failureToException(failure));
  }

  @Nonnull
  @Override
  public DataConverter withContext(@Nonnull SerializationContext context) {
    return new SealedDataConverter(
        sealing.withContext(context),
        context instanceof HasWorkflowSerializationContext workflow
            ? workflow.getWorkflowId()
            : workflowId);
  }

  private static int count(Optional<Payloads> content) {
    return content.map(Payloads::getPayloadsCount).orElse(0);
  }

  private <T> T opened(Supplier<T> decode) {
    try {
      return decode.get();
    } catch (UnsealedPayloadException e) {
      throw refused(e);
    } catch (DataConverterException e) {
      if (e.getCause() instanceof UnsealedPayloadException unsealed) {
        throw refused(unsealed);
      }
      throw e;
    }
  }

  private UnsealedPayloadException refused(UnsealedPayloadException e) {
    if (!WorkflowUnsafe.isWorkflowThread() || !WorkflowUnsafe.isReplaying()) {
      log.warn(
          "Refused a Temporal payload for workflow {}: {}. A start carrying it fails, a signal"
              + " carrying it is dropped.",
          workflowId,
          e.getMessage());
    }
    return e;
  }
}
