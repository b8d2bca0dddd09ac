/** The browser front end: the page, its JSON actions and its live event stream; private. */
package org.huddle.web.internal;
