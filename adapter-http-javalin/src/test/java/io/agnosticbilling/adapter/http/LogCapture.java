package io.agnosticbilling.adapter.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Records every log event written while it is open, to assert on what an operator would read. */
final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  static LogCapture start() {
    return new LogCapture();
  }

  List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  /** Each event as {@code LEVEL logger: message}, with its throwable's class when it has one. */
  List<String> lines() {
    return events().stream()
        .map(
            e ->
                e.getLevel()
                    + " "
                    + e.getLoggerName()
                    + ": "
                    + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : " [" + e.getThrowableProxy().getClassName() + "]"))
        .toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
