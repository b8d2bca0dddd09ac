package org.huddle.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Huddle web front end",
        description = "The chat page at /huddle/ on the framework's HTTP server. Where the server listens (address "
                + "and port) is the HTTP server's own configuration: org.apache.felix.http in the Felix distribution "
                + "(127.0.0.1:8480 there), org.ops4j.pax.web in Karaf.")
@interface WebConfig {

    String PID = "org.huddle.web";

    @AttributeDefinition(name = "Access token",
            description = "The token every request must carry: open /huddle/?token=<token> once (the page then "
                    + "keeps it in a cookie) or send the header 'Authorization: Bearer <token>'. When set, the page "
                    + "answers on any address; empty: the node's own random token, kept in a file only its owner "
                    + "may read (data/web.token in the distribution), and loopback only.",
            type = AttributeType.PASSWORD)
    // ".token": a leading dot keeps it out of the service properties that DS publishes for the configuration
    String _token() default "";

    @AttributeDefinition(name = "History on open",
            description = "How many of a room's latest messages the page shows when it opens the room.",
            min = "1", max = "1000")
    int history_limit() default 200;

    @AttributeDefinition(name = "Live pages",
            description = "How many pages may follow the rooms live at once (one event stream each); "
                    + "a page beyond that is told to try again later.", min = "1", max = "256")
    int max_streams() default 16;
}
