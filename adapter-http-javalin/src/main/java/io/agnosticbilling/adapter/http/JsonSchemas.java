package io.agnosticbilling.adapter.http;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schemas (draft 2020-12, as OpenAPI 3.1 uses) of the answer records, read from the records
 * themselves so the document cannot drift from what {@link ApiJson} writes: every component is
 * written (nulls included), so every one is required and no other member appears. Records become
 * named schemas under {@code components/schemas} (their simple name without {@code Json}).
 */
final class JsonSchemas {
  static final String REF_PREFIX = "#/components/schemas/";

  private final Map<String, Object> components = new LinkedHashMap<>();
  private final Map<String, Class<?>> owners = new LinkedHashMap<>();

  /** The named schemas made so far, for {@code components/schemas}. */
  Map<String, Object> components() {
    return components;
  }

  /** Adds a hand-written named schema (the problem shapes). */
  void define(String name, Map<String, Object> schema) {
    components.put(name, schema);
  }

  /** The schema of a value of {@code type}: a reference for records, inline for the rest. */
  Map<String, Object> of(Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        return map("type", "array", "items", nullableIfBoxed(args[0]));
      }
      if (Map.class.isAssignableFrom(raw)) {
        return map("type", "object", "additionalProperties", nullableIfBoxed(args[1]));
      }
      throw new IllegalArgumentException("no JSON schema for " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return map("type", "string");
    }
    if (c == long.class || c == Long.class) {
      return map("type", "integer", "format", "int64");
    }
    if (c == int.class || c == Integer.class) {
      return map("type", "integer", "format", "int32");
    }
    if (c == double.class || c == Double.class) {
      return map("type", "number");
    }
    if (c == boolean.class || c == Boolean.class) {
      return map("type", "boolean");
    }
    if (c == Instant.class) {
      return map("type", "string", "format", "date-time");
    }
    if (c.isRecord()) {
      return map("$ref", REF_PREFIX + named(c));
    }
    if (c == Object.class) {
      // A flat value of an open object (a notification's data): a string, a number or a boolean.
      return map("type", List.of("string", "integer", "boolean"));
    }
    throw new IllegalArgumentException("no JSON schema for " + c.getName());
  }

  /** An array of {@code element}. */
  Map<String, Object> listOf(Type element) {
    return map("type", "array", "items", of(element));
  }

  private String named(Class<?> record) {
    String base =
        record.getSimpleName().endsWith("Json")
            ? record.getSimpleName().substring(0, record.getSimpleName().length() - 4)
            : record.getSimpleName();
    String name = base;
    Class<?> owner = owners.get(name);
    if (owner != null && owner != record) {
      name = record.getEnclosingClass().getSimpleName().replace("JsonMapper", "") + base;
    }
    if (!owners.containsKey(name)) {
      owners.put(name, record);
      components.put(name, Map.of()); // placeholder: records may refer to themselves
      components.put(name, recordSchema(record));
    }
    return name;
  }

  private Map<String, Object> recordSchema(Class<?> record) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (RecordComponent component : record.getRecordComponents()) {
      Map<String, Object> schema = of(component.getGenericType());
      boolean nullable =
          component.isAnnotationPresent(Nullable.class) || isBoxed(component.getType());
      properties.put(component.getName(), nullable ? nullable(schema) : schema);
      required.add(component.getName());
    }
    return map(
        "type",
        "object",
        "properties",
        properties,
        "required",
        required,
        "additionalProperties",
        false);
  }

  private Map<String, Object> nullableIfBoxed(Type type) {
    Map<String, Object> schema = of(type);
    return type instanceof Class<?> c && isBoxed(c) ? nullable(schema) : schema;
  }

  private static boolean isBoxed(Class<?> c) {
    return c == Long.class || c == Integer.class || c == Double.class || c == Boolean.class;
  }

  /** {@code schema} or JSON {@code null}. */
  static Map<String, Object> nullable(Map<String, Object> schema) {
    Object type = schema.get("type");
    if (type instanceof String single) {
      Map<String, Object> copy = new LinkedHashMap<>(schema);
      copy.put("type", List.of(single, "null"));
      return copy;
    }
    return map("anyOf", List.of(schema, map("type", "null")));
  }

  /** An ordered JSON object from name/value pairs. */
  static Map<String, Object> map(Object... pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
