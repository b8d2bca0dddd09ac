package org.huddle.transport.multicast.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds a configuration as DS would: the given values, and the annotation's defaults for the rest. */
final class Configs {

    private Configs() {
    }

    static MulticastTransportConfig of(Map<String, Object> values) {
        return (MulticastTransportConfig) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] { MulticastTransportConfig.class }, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return MulticastTransportConfig.class;
                    }
                    return method.getDefaultValue();
                });
    }
}
