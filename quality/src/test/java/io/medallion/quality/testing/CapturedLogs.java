package io.medallion.quality.testing;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything logged while it is open, as text: every logger at INFO and the named ones at DEBUG,
 * with stack traces. Closing puts the levels back, so other tests in the JVM log as before.
 */
public final class CapturedLogs implements AutoCloseable {
    private final StringWriter text = new StringWriter();
    private final WriterAppender appender;
    private final Level previousRootLevel = LogManager.getRootLogger().getLevel();
    private final Map<String, Level> previousLevels = new LinkedHashMap<>();

    public CapturedLogs(String... debugLoggers) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        appender = WriterAppender.newBuilder()
                .setName("captured-" + System.identityHashCode(this))
                .setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c - %m%n%throwable").build())
                .build();
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, null, null);
        Configurator.setRootLevel(Level.INFO);
        for (String logger : debugLoggers) {
            previousLevels.put(logger, LogManager.getLogger(logger).getLevel());
            Configurator.setLevel(logger, Level.DEBUG);
        }
        context.updateLoggers();
    }

    public String text() {
        return text.toString();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        appender.stop();
        previousLevels.forEach(Configurator::setLevel);
        Configurator.setRootLevel(previousRootLevel);
        context.updateLoggers();
    }
}
