/** Huddle's wire format v1 with Jackson: private to this bundle. */
package org.huddle.codec.json.internal;
