package io.camsearch.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Says what is wrong with a JSON request body in the client's terms: where (line and column, or
 * the field) and what was expected, without the parser's class names or Java types.
 */
final class JsonErrors {

    /** Jackson's "[Source: ...; line: 1, column: 2]" and "(start marker at ...)": the location is told separately. */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\((?:start marker at )?\\[Source:[^\\]]*\\]\\)|\\s*at \\[Source:[^\\]]*\\]");

    private JsonErrors() {}

    static BadRequestException describe(JsonProcessingException e, int maxStringLength) {
        if (isTooLongString(e)) {
            return new BadRequestException("IMAGE_TOO_LARGE", Response.Status.REQUEST_ENTITY_TOO_LARGE, "a string in the JSON body is longer than "
                    + maxStringLength + " characters, more than the base64 of an image at the size limit (camsearch.images.max-bytes) takes");
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return new BadRequestException("BAD_JSON", Response.Status.BAD_REQUEST,
                    "the JSON field '" + path(m) + "' must be " + expected(m.getTargetType()) + at(e.getLocation()));
        }
        if (e instanceof JsonMappingException) {
            return new BadRequestException("BAD_JSON", Response.Status.BAD_REQUEST, "the JSON body does not have the shape this request takes"
                    + at(e.getLocation()));
        }
        String message = e.getOriginalMessage() == null ? "unreadable" : SOURCE.matcher(e.getOriginalMessage()).replaceAll("");
        return new BadRequestException("BAD_JSON", Response.Status.BAD_REQUEST, "the body is not valid JSON: "
                + message.lines().findFirst().orElse(message) + at(e.getLocation()));
    }

    /** Jackson's limit on string length, met while reading a field (then wrapped with the field's path) or not. */
    static boolean isTooLongString(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException c && String.valueOf(c.getOriginalMessage()).startsWith("String value length")) {
                return true;
            }
        }
        return false;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
