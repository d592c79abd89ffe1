package acs.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The one Jackson configuration of the toolkit: API times as {@code yyyy-MM-dd HH:mm:ss},
 * an absent time written as {@code ""} (the API never sends {@code null}), unknown fields
 * ignored, unknown enum values read as {@code UNKNOWN}.
 */
public final class Json {
    public static final ObjectMapper MAPPER = create();

    private Json() {}

    private static ObjectMapper create() {
        SimpleModule times = new SimpleModule("acs-times");
        times.addSerializer(OffsetDateTime.class, new JsonSerializer<>() {
            @Override public void serialize(OffsetDateTime v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(ApiTime.format(v));
            }
        });
        times.addDeserializer(OffsetDateTime.class, new JsonDeserializer<>() {
            @Override public OffsetDateTime deserialize(JsonParser p, DeserializationContext c) throws IOException {
                try {
                    return ApiTime.parse(p.getValueAsString());
                } catch (IllegalArgumentException e) {
                    return (OffsetDateTime) c.handleWeirdStringValue(OffsetDateTime.class, p.getValueAsString(), e.getMessage());
                }
            }
        });
        times.setSerializerModifier(new BeanSerializerModifier() {
            @Override public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription desc, List<BeanPropertyWriter> props) {
                for (BeanPropertyWriter w : props) {
                    if (w.getType().hasRawClass(OffsetDateTime.class)) {
                        w.assignNullSerializer(new JsonSerializer<>() {
                            @Override public void serialize(Object v, JsonGenerator g, SerializerProvider p) throws IOException {
                                g.writeString("");
                            }
                        });
                    }
                }
                return props;
            }
        });
        return JsonMapper.builder()
                .addModule(times)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }

    /** Pretty JSON of any value (models print with the API's own field names). */
    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
