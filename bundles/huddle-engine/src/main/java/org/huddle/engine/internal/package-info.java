/** The chat engine: rooms, de-duplication, history and dispatch; private to this bundle. */
package org.huddle.engine.internal;
