package io.agnosticbilling.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;

/**
 * Recognises the duplicate-key refusal of a unique index, which arrives as a write error on inserts
 * and as a command error (code 11000) on upserting find-and-modify.
 */
final class DuplicateKey {
  static final int CODE = 11000;

  private DuplicateKey() {}

  static boolean is(MongoException e) {
    if (e instanceof MongoWriteException write) {
      return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    return e.getCode() == CODE || e.getCode() == 11001;
  }

  /** Whether the refusal came from the index named {@code index} (the message names it). */
  static boolean onIndex(MongoException e, String index) {
    return is(e) && e.getMessage() != null && e.getMessage().contains("index: " + index);
  }
}
