/** The console front end: Gogo commands in scope {@code chat} and the listener that prints; private. */
package org.huddle.shell.internal;
