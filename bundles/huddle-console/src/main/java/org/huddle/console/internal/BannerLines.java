package org.huddle.console.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.Logger;

/**
 * Lines that other bundles add below the banner: what each {@link Supplier} service with the property
 * {@value #PROPERTY} gives when the banner is printed (a JDK type, so that a line needs no API package). The web
 * bundle gives its page's address with the access token, which only the console's owner sees.
 */
final class BannerLines {

    static final String PROPERTY = "huddle.banner";

    private BannerLines() {
    }

    /** @return the lines, in service ranking order; none from a supplier that has nothing to say yet */
    static List<String> collect(BundleContext context, Logger log) {
        List<String> lines = new ArrayList<>();
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(Supplier.class.getName(), "(" + PROPERTY + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
        if (refs == null) {
            return lines;
        }
        Arrays.sort(refs, (a, b) -> b.compareTo(a));
        for (ServiceReference<?> ref : refs) {
            Object service = context.getService(ref);
            try {
                if (service instanceof Supplier<?> supplier && supplier.get() instanceof String line) {
                    lines.add(line);
                }
            } catch (RuntimeException e) {
                // a line is not worth the console: it starts without it
                log.warn("a banner line of bundle {} failed", ref.getBundle(), e);
            } finally {
                if (service != null) {
                    context.ungetService(ref);
                }
            }
        }
        return lines;
    }
}
