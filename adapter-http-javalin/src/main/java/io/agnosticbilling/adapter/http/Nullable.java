package io.agnosticbilling.adapter.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of an answer record that may be written as JSON {@code null}, so the OpenAPI
 * document ({@link JsonSchemas}) says so. Boxed numbers and booleans are nullable without it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.RECORD_COMPONENT,
  ElementType.FIELD,
  ElementType.PARAMETER,
  ElementType.METHOD
})
@interface Nullable {}
