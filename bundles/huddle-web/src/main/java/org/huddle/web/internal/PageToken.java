package org.huddle.web.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The page's access token: the one configured ({@code .token}), else the node's own, kept in a file only its owner
 * may read. The distribution's launcher makes that file ({@code data/web.token}) and names it in the framework
 * property {@value #FILE_PROPERTY}; in a container without the launcher (Karaf) the file is {@value #FILE_NAME} in
 * this bundle's data area, made on first start, and the log says where.
 */
@Component(service = PageToken.class, configurationPid = WebConfig.PID)
@Designate(ocd = WebConfig.class)
public final class PageToken {

    /** Framework property with the token file's path, relative to the working directory or absolute. */
    static final String FILE_PROPERTY = "huddle.web.token.file";
    static final String FILE_NAME = "web.token";

    private final String value;
    private final boolean configured;
    private final String where;

    /**
     * @throws UncheckedIOException when there is no token and none can be made (the page then does not start,
     *                              and the console says why)
     */
    @Activate
    public PageToken(BundleContext context, WebConfig config, @Reference(service = LoggerFactory.class) Logger log) {
        String set = config._token();
        if (!set.isEmpty()) {
            value = set;
            configured = true;
            where = "the token is '.token' in the configuration " + WebConfig.PID;
            return;
        }
        configured = false;
        String named = context.getProperty(FILE_PROPERTY);
        Path file = named != null && !named.isBlank() ? Path.of(named).toAbsolutePath()
                : context.getDataFile(FILE_NAME).toPath();
        try {
            TokenFile.Read read = TokenFile.readOrCreate(file);
            value = read.token();
            if (read.made()) {
                log.info("made the web page's access token, readable by this user only: {}", file);
            }
            if (read.wasOpen()) {
                log.warn("{} could be read by other users: now only by its owner; delete it, and a new token is "
                        + "made at the next start, if others may have read it", file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the web page has no access token: " + e.getMessage(), e);
        }
        where = named != null && !named.isBlank()
                ? "the token is in " + named + " (bin/huddle --help prints the whole address)"
                : "the token is in " + file;
    }

    /** @return the token every request must present */
    String value() {
        return value;
    }

    /** @return whether the operator configured it, which opens the page to every address */
    boolean configured() {
        return configured;
    }

    /** @return for a refusal: where the owner finds the token */
    String where() {
        return where;
    }
}
