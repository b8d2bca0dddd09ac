/**
 * The chat engine, private to this bundle: {@code ChatEngine} (the {@code ChatService} component) on top, with
 * its configuration, the transport it is bound to and the network self-test; it wires the packages below,
 * which never use this one (docs/reliability.md, The engine's packages; {@code PackageRulesTest} holds the map).
 */
package org.huddle.engine.internal;
