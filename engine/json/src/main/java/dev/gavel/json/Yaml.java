package dev.gavel.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * The YAML reader every module uses, producing the same Jackson trees as {@link Json}: numbers
 * keep their exact decimal value, a duplicate key is an error, and errors name line and column.
 * Anchors and aliases are resolved ({@code {x: &v 1, y: *v}} gives y = 1; Jackson's own tree
 * reader gives the string "v"), as are merge keys ({@code <<: *base}, explicit keys winning).
 *
 * <p>An alias copies the node it names, so a few lines of aliases to aliases ("billion laughs")
 * would expand to billions of nodes; the nodes all aliases of one read produce together are
 * limited ({@link #DEFAULT_MAX_ALIAS_NODES} unless set), and passing the limit is an error.
 *
 * <p>Scalars are typed as Jackson's YAML parser types them (YAML 1.1 booleans such as {@code yes},
 * hex and octal integers); a plain empty scalar ({@code a:}) is null, as YAML and Go read it.
 * Instances are immutable and thread-safe.
 */
public final class Yaml {
  /** Alias expansion allowed per read: far beyond hand-written configuration, far below harm. */
  public static final long DEFAULT_MAX_ALIAS_NODES = 100_000;

  private static final Yaml DEFAULT = new Yaml(DEFAULT_MAX_ALIAS_NODES);
  private static final EventFactory FACTORY = new EventFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final long maxAliasNodes;

  private Yaml(long maxAliasNodes) {
    this.maxAliasNodes = maxAliasNodes;
  }

  /** A reader with the default alias expansion limit. */
  public static Yaml reader() {
    return DEFAULT;
  }

  /**
   * A reader allowing aliases to produce at most {@code max} nodes per read.
   *
   * @throws IllegalArgumentException when {@code max} is negative
   */
  public Yaml withMaxAliasNodes(long max) {
    if (max < 0) {
      throw new IllegalArgumentException("maxAliasNodes must not be negative but was " + max);
    }
    return new Yaml(max);
  }

  public long maxAliasNodes() {
    return maxAliasNodes;
  }

  /**
   * A text holding exactly one document (configuration, a METADATA block). An empty text is the
   * null document.
   *
   * @throws Json.ParseException on bad YAML, a duplicate key, alias expansion past the limit, or a
   *     second document
   */
  public JsonNode readDocument(String text) throws Json.ParseException {
    Objects.requireNonNull(text, "text");
    List<JsonNode> docs = new ArrayList<>();
    JsonLocation second = read(text, 2, docs);
    if (docs.size() > 1) {
      throw new Json.ParseException("expected a single YAML document but found another", second.getLineNr(),
          second.getColumnNr());
    }
    return docs.isEmpty() ? NODES.nullNode() : docs.get(0);
  }

  /**
   * The first document of a stream, the rest unread, as Go's yaml.Unmarshal (and so OPA's
   * yaml.unmarshal) reads it. An empty text is the null document.
   *
   * @throws Json.ParseException on bad YAML in the first document, a duplicate key, or alias
   *     expansion past the limit
   */
  public JsonNode readFirstDocument(String text) throws Json.ParseException {
    Objects.requireNonNull(text, "text");
    List<JsonNode> docs = new ArrayList<>();
    read(text, 1, docs);
    return docs.isEmpty() ? NODES.nullNode() : docs.get(0);
  }

  /**
   * Every document of a stream ({@code ---} separated); an empty text has none.
   *
   * @throws Json.ParseException on bad YAML in any document, a duplicate key, or alias expansion
   *     past the limit (counted over the whole stream)
   */
  public List<JsonNode> readDocuments(String text) throws Json.ParseException {
    Objects.requireNonNull(text, "text");
    List<JsonNode> docs = new ArrayList<>();
    read(text, Integer.MAX_VALUE, docs);
    return docs;
  }

  /** Reads up to {@code max} documents into {@code out}; returns where the last one started. */
  private JsonLocation read(String text, int max, List<JsonNode> out) throws Json.ParseException {
    try (EventParser p = FACTORY.open(text)) {
      TreeBuilder builder = new TreeBuilder(p, maxAliasNodes);
      JsonLocation start = null;
      while (out.size() < max) {
        JsonToken t = p.nextToken();
        if (t == null) {
          break;
        }
        start = p.currentTokenLocation();
        out.add(builder.document(t));
      }
      return start;
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new Json.ParseException(e.getOriginalMessage(), l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr());
    } catch (IOException e) {
      throw new Json.ParseException(String.valueOf(e.getMessage()), 0, 0);
    }
  }

  /**
   * Builds one document's tree from the parser's tokens, without recursion (the parser bounds
   * nesting at Jackson's limit of 1,000, but nothing here depends on it).
   */
  private static final class TreeBuilder {
    private final EventParser p;
    private final long maxAliasNodes;
    private long aliasNodes;
    /** Anchored nodes of the current document (anchors do not cross documents). */
    private final Map<String, Anchored> anchors = new HashMap<>();

    TreeBuilder(EventParser p, long maxAliasNodes) {
      this.p = p;
      this.maxAliasNodes = maxAliasNodes;
    }

    JsonNode document(JsonToken first) throws IOException, Json.ParseException {
      anchors.clear();
      Deque<OpenNode> open = new ArrayDeque<>();
      for (JsonToken t = first; ; t = p.nextToken()) {
        if (t == null) {
          throw error("unexpected end of YAML document");
        }
        JsonNode done;
        long size;
        String anchor;
        switch (t) {
          case START_OBJECT, START_ARRAY -> {
            open.push(new OpenNode(t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode(), p.anchor()));
            continue;
          }
          case FIELD_NAME -> {
            open.peek().key(p.currentName(), p.isPlainScalar(), this);
            continue;
          }
          case END_OBJECT, END_ARRAY -> {
            OpenNode c = open.pop();
            c.applyMerges();
            done = c.node;
            size = c.size;
            anchor = c.anchor;
          }
          default -> {
            if (p.isCurrentAlias()) {
              Anchored a = alias(p.getText());
              done = a.node.deepCopy();
              size = a.size;
              anchor = null;
            } else {
              done = scalar(t);
              size = 1;
              anchor = p.anchor();
            }
          }
        }
        if (anchor != null) {
          anchors.put(anchor, new Anchored(done, size));
        }
        if (open.isEmpty()) {
          return done;
        }
        open.peek().add(done, size, this);
      }
    }

    private Anchored alias(String name) throws Json.ParseException {
      Anchored a = anchors.get(name);
      if (a == null) {
        throw error("alias *" + name + " does not name an earlier, complete node of this document");
      }
      if (a.size > maxAliasNodes - aliasNodes) {
        throw error("YAML aliases would expand to more than " + maxAliasNodes
            + " nodes, over the alias expansion limit");
      }
      aliasNodes += a.size;
      return a;
    }

    private JsonNode scalar(JsonToken t) throws IOException, Json.ParseException {
      switch (t) {
        case VALUE_STRING:
          // Jackson reads a plain empty scalar (`a:`) as ""; YAML's core schema and Go read null.
          return p.isPlainScalar() && p.getText().isEmpty() ? NODES.nullNode() : NODES.textNode(p.getText());
        case VALUE_NUMBER_INT:
          return switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
          };
        case VALUE_NUMBER_FLOAT:
          // Exact: 0.1 stays 0.1, 1.000000000000000000001 keeps every digit.
          return NODES.numberNode(p.getDecimalValue());
        case VALUE_TRUE:
          return NODES.booleanNode(true);
        case VALUE_FALSE:
          return NODES.booleanNode(false);
        case VALUE_NULL:
          return NODES.nullNode();
        case VALUE_EMBEDDED_OBJECT:
          // !!binary: Go decodes it to bytes, which JSON writes as base64.
          return NODES.textNode(Base64.getEncoder().encodeToString(p.getBinaryValue()));
        default:
          throw error("unexpected YAML token " + t);
      }
    }

    Json.ParseException error(String message) {
      JsonLocation l = p.currentTokenLocation();
      return new Json.ParseException(message, l.getLineNr(), l.getColumnNr());
    }
  }

  /** A node with an anchor, and how many nodes it holds (aliases inside it expanded). */
  private record Anchored(JsonNode node, long size) {}

  /** A mapping or sequence being built. */
  private static final class OpenNode {
    final JsonNode node;
    final String anchor;
    long size = 1;
    private String key;
    private boolean mergeKey;
    private boolean merged;
    private List<ObjectNode> mergeSources;

    OpenNode(JsonNode node, String anchor) {
      this.node = node;
      this.anchor = anchor;
    }

    void key(String name, boolean plain, TreeBuilder b) throws Json.ParseException {
      // A plain `<<` is a merge key; a quoted "<<" is an ordinary key.
      boolean merge = plain && name.equals("<<");
      if (merge ? merged : ((ObjectNode) node).has(name)) {
        throw b.error("duplicate key \"" + name + "\"");
      }
      merged |= merge;
      mergeKey = merge;
      key = name;
    }

    void add(JsonNode child, long childSize, TreeBuilder b) throws Json.ParseException {
      size += childSize;
      if (node instanceof ArrayNode a) {
        a.add(child);
      } else if (mergeKey) {
        mergeSources = mergeSources == null ? new ArrayList<>() : mergeSources;
        if (child instanceof ObjectNode o) {
          mergeSources.add(o);
        } else if (child instanceof ArrayNode list && allObjects(list)) {
          list.forEach(o -> mergeSources.add((ObjectNode) o));
        } else {
          throw b.error("the merge key << needs a mapping or a list of mappings");
        }
      } else {
        ((ObjectNode) node).set(key, child);
      }
    }

    /** Merged keys go in where the mapping has none of its own; earlier sources win. */
    void applyMerges() {
      if (mergeSources == null) {
        return;
      }
      ObjectNode o = (ObjectNode) node;
      for (ObjectNode source : mergeSources) {
        source.properties().forEach(e -> {
          if (!o.has(e.getKey())) {
            o.set(e.getKey(), e.getValue());
          }
        });
      }
    }

    private static boolean allObjects(ArrayNode list) {
      for (JsonNode n : list) {
        if (!n.isObject()) {
          return false;
        }
      }
      return true;
    }
  }

  /** Makes {@link EventParser}s with Jackson's default YAML settings. */
  private static final class EventFactory extends YAMLFactory {
    EventParser open(String text) throws IOException {
      return (EventParser) createParser(new StringReader(text));
    }

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) {
      return new EventParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }
  }

  /**
   * Jackson's YAML parser, which drops the anchors of scalars (it reports only those of mappings
   * and sequences) and hides a scalar's style; both are read here from the YAML event behind the
   * current token.
   */
  private static final class EventParser extends YAMLParser {
    EventParser(IOContext ctxt, int parserFeatures, int formatFeatures, LoaderOptions options, ObjectCodec codec,
        Reader reader) {
      super(ctxt, parserFeatures, formatFeatures, options, codec, reader);
    }

    /** The anchor on the current node (a scalar, mapping or sequence), or null. */
    String anchor() {
      return _lastEvent instanceof NodeEvent n && !(n instanceof AliasEvent) ? n.getAnchor() : null;
    }

    /** True when the current token is a plain (unquoted, not block) scalar. */
    boolean isPlainScalar() {
      return _lastEvent instanceof ScalarEvent s && s.isPlain();
    }
  }
}
