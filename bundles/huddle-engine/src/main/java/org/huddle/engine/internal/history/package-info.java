/** Rooms' history in memory and in files, this node's earlier sender ids, the saved handle and rooms (docs/storage.md). */
package org.huddle.engine.internal.history;
