package dev.gavel.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: malformed input is an error naming the byte offset, never a replacement character. */
public final class Utf8 {
  private Utf8() {}

  /** Decodes {@code bytes}; throws {@link Json.ParseException} "not valid UTF-8 at byte N". */
  public static String decode(byte[] bytes) throws Json.ParseException {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = d.decode(in, out, true);
    if (r.isError()) {
      throw new Json.ParseException("not valid UTF-8 at byte " + in.position(), 0, 0);
    }
    r = d.flush(out);
    if (r.isError()) {
      throw new Json.ParseException("not valid UTF-8 at byte " + in.position(), 0, 0);
    }
    out.flip();
    return out.toString();
  }

  /** Checks that {@code bytes} are valid UTF-8 (see {@link #decode}). */
  public static void check(byte[] bytes) throws Json.ParseException {
    // Fast path: plain ASCII needs no decoder.
    for (byte b : bytes) {
      if (b < 0) {
        decode(bytes);
        return;
      }
    }
  }
}
