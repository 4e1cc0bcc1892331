package io.chatflows.api.config;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat answers some requests itself, before any filter or controller sees them: an encoded slash
 * or backslash in the path, a character not allowed in the request target, an invalid URI or
 * header. Its host's error report valve would write those answers as an HTML page; this one writes
 * {@code application/problem+json} like the rest of the API, without echoing the request.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    // Only errors nobody has answered yet, as the HTML valve does.
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    HttpStatus reported = HttpStatus.resolve(status);
    if (reported == null) {
      reported = HttpStatus.BAD_REQUEST;
      response.setStatus(reported.value());
    }
    String body =
        reported == HttpStatus.BAD_REQUEST
            ? Problems.json(
                reported,
                "malformed_request",
                "the server cannot read this request: its path, query or headers contain an encoded"
                    + " slash or backslash, a character not allowed in a URL, or invalid"
                    + " percent-encoding")
            : Problems.json(
                reported, "http_" + reported.value(), reported.getReasonPhrase().toLowerCase());
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response was committed meanwhile: nothing left to tell
    }
  }
}
