/**
 * The distribution's console: the terminal prompt, the pipe reader, and gogo.jline's commands; private.
 *
 * <p>Threads: {@code huddle-console} (terminal) or {@code huddle-piped-console} (pipe) reads lines and runs each
 * command on itself; nothing here holds a lock. The engine's dispatch thread prints incoming lines through the
 * console front end (huddle-shell), which learns the session from the first command a console runs.
 */
package org.huddle.console.internal;
