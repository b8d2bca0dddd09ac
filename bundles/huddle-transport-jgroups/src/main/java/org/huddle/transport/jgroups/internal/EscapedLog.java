package org.huddle.transport.jgroups.internal;

import java.util.IllegalFormatException;

import org.huddle.api.TerminalText;
import org.jgroups.logging.CustomLogFactory;
import org.jgroups.logging.JDKLogImpl;
import org.jgroups.logging.Log;

/**
 * JGroups' log, as it was (java.util.logging, which the distribution's {@code conf/logging.properties} sends to
 * stderr), with every line escaped first: JGroups puts what peers send (cluster names, addresses, exception texts)
 * into its messages, and a control character in them must not reach a terminal raw. Installed as JGroups' log
 * factory by the transport, before it builds a stack; JGroups' {@code Throwable}s are passed on as they are (the
 * distribution's format leaves them out).
 */
final class EscapedLog implements Log {

    /** The factory JGroups asks for each class's log. */
    static final CustomLogFactory FACTORY = new CustomLogFactory() {
        @Override
        public Log getLog(Class<?> clazz) {
            return new EscapedLog(new JDKLogImpl(clazz));
        }

        @Override
        public Log getLog(String category) {
            return new EscapedLog(new JDKLogImpl(category));
        }
    };

    private final Log delegate;

    EscapedLog(Log delegate) {
        this.delegate = delegate;
    }

    /** @return the line JGroups meant (its messages use {@link String#format}), escaped */
    static String line(String format, Object... args) {
        String text;
        try {
            text = args == null || args.length == 0 ? format : String.format(format, args);
        } catch (IllegalFormatException e) {
            text = format; // a message that is no format string: shown as it is, escaped all the same
        }
        return TerminalText.escape(String.valueOf(text));
    }

    @Override public boolean isFatalEnabled() { return delegate.isFatalEnabled(); }
    @Override public boolean isErrorEnabled() { return delegate.isErrorEnabled(); }
    @Override public boolean isWarnEnabled() { return delegate.isWarnEnabled(); }
    @Override public boolean isInfoEnabled() { return delegate.isInfoEnabled(); }
    @Override public boolean isDebugEnabled() { return delegate.isDebugEnabled(); }
    @Override public boolean isTraceEnabled() { return delegate.isTraceEnabled(); }

    @Override public void fatal(String msg) { delegate.fatal(line(msg)); }
    @Override public void fatal(String format, Object... args) { if (isFatalEnabled()) delegate.fatal(line(format, args)); }
    @Override public void fatal(String msg, Throwable t) { delegate.fatal(line(msg), t); }
    @Override public void error(String msg) { delegate.error(line(msg)); }
    @Override public void error(String format, Object... args) { if (isErrorEnabled()) delegate.error(line(format, args)); }
    @Override public void error(String msg, Throwable t) { delegate.error(line(msg), t); }
    @Override public void warn(String msg) { delegate.warn(line(msg)); }
    @Override public void warn(String format, Object... args) { if (isWarnEnabled()) delegate.warn(line(format, args)); }
    @Override public void warn(String msg, Throwable t) { delegate.warn(line(msg), t); }
    @Override public void info(String msg) { delegate.info(line(msg)); }
    @Override public void info(String format, Object... args) { if (isInfoEnabled()) delegate.info(line(format, args)); }
    @Override public void debug(String msg) { delegate.debug(line(msg)); }
    @Override public void debug(String format, Object... args) { if (isDebugEnabled()) delegate.debug(line(format, args)); }
    @Override public void debug(String msg, Throwable t) { delegate.debug(line(msg), t); }
    @Override public void trace(Object obj) { delegate.trace(line(String.valueOf(obj))); }
    @Override public void trace(String msg) { delegate.trace(line(msg)); }
    @Override public void trace(String format, Object... args) { if (isTraceEnabled()) delegate.trace(line(format, args)); }
    @Override public void trace(String msg, Throwable t) { delegate.trace(line(msg), t); }
    @Override public void setLevel(String level) { delegate.setLevel(level); }
    @Override public String getLevel() { return delegate.getLevel(); }
}
