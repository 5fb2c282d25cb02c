package dev.gavel.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/**
 * The strict JSON reader every module uses for documents it did not write itself and for ledger
 * entries it reads back: numbers keep their exact decimal value (never a double), a duplicate key
 * or trailing content is an error, and errors name line and column.
 */
public final class Json {
  /** Exact decimals, duplicate keys and trailing tokens rejected. Thread-safe. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private Json() {}

  /**
   * A document that does not parse (as JSON here, or as YAML in {@link Yaml}), with where it went
   * wrong (line and column are 1-based; 0 when unknown).
   */
  public static final class ParseException extends Exception {
    private final int line;
    private final int column;

    public ParseException(String message, int line, int column) {
      super(message);
      this.line = line;
      this.column = column;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }

    /** "line L, column C: message", or the message alone when the position is unknown. */
    public String located() {
      return line > 0 ? "line " + line + ", column " + column + ": " + getMessage() : getMessage();
    }
  }

  /** Parses UTF-8 JSON strictly (see the class comment). Empty input is an error. */
  public static JsonNode read(byte[] utf8) throws ParseException {
    Utf8.check(utf8);
    try {
      return nonEmpty(MAPPER.readTree(utf8));
    } catch (JsonProcessingException e) {
      throw located(e);
    } catch (IOException e) {
      throw new ParseException(e.getMessage(), 0, 0);
    }
  }

  /** Parses JSON text strictly. */
  public static JsonNode read(String text) throws ParseException {
    try {
      return nonEmpty(MAPPER.readTree(text));
    } catch (JsonProcessingException e) {
      throw located(e);
    }
  }

  private static JsonNode nonEmpty(JsonNode n) throws ParseException {
    if (n == null || n.isMissingNode()) {
      throw new ParseException("empty document", 0, 0);
    }
    return n;
  }

  private static ParseException located(JsonProcessingException e) {
    JsonLocation l = e.getLocation();
    return new ParseException(e.getOriginalMessage(), l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr());
  }
}
