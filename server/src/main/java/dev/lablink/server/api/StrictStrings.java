package dev.lablink.server.api;

import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every string in every JSON body is refused when it holds NUL: PostgreSQL cannot store it, and it
 * would otherwise surface as a 500 from whichever insert met it first. A field that takes raw bytes
 * (log text) opts out with {@code @JsonDeserialize(using = StringDeserializer.class)}.
 */
@Component
public class StrictStrings extends SimpleModule {
    public StrictStrings() {
        super("lablink-strict-strings");
        addDeserializer(String.class, new NulFreeStrings());
    }

    static final class NulFreeStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw new ControlCharacterException(p);
            }
            return value;
        }
    }

    /** Its path names the field; {@link JsonProblems} words it. */
    public static final class ControlCharacterException extends tools.jackson.databind.exc.MismatchedInputException {
        ControlCharacterException(JsonParser p) {
            super(p, "a string holds NUL (\\u0000)", String.class);
        }
    }
}
