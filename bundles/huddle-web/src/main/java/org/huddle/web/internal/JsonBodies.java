package org.huddle.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reads JSON request bodies and writes JSON answers, errors included, as the page and scripts expect them. */
final class JsonBodies {

    /** A request body beyond this is refused unread: a message is at most a few kilobytes. */
    static final int MAX_BODY = 64 * 1024;

    /** A body the client got wrong, told back as a 4xx with its reason. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build());
    }

    private JsonBodies() {
    }

    /**
     * @param example what a good body looks like: its type is what is read, and it is shown in the error
     *                when the body is not one
     */
    @SuppressWarnings("unchecked")
    static <T> T read(HttpServletRequest request, T example) throws BadRequest, IOException {
        Class<T> type = (Class<T>) example.getClass();
        String shown = string(example);
        int length = request.getContentLength();
        if (length > MAX_BODY) {
            throw new BadRequest(413, "the body is larger than " + MAX_BODY + " bytes");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new BadRequest(413, "the body is larger than " + MAX_BODY + " bytes");
        }
        if (body.length == 0) {
            throw new BadRequest(400, "send a JSON object, for example " + shown);
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new BadRequest(400, "send a JSON object, for example " + shown);
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequest(400, "unknown field '" + e.getPropertyName() + "': expected " + shown);
        } catch (JsonMappingException e) {
            throw new BadRequest(400, "expected " + shown + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        MAPPER.writeValue(response.getOutputStream(), body);
    }

    static void error(HttpServletResponse response, int status, String error) throws IOException {
        write(response, status, Map.of("error", error));
    }

    static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a view did not serialize", e);
        }
    }
}
