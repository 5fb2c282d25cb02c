package dev.gavel.rego.builtins.x509;

import dev.gavel.rego.builtins.BuiltinException;
import dev.gavel.rego.builtins.GoBase64;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * PEM blocks found the way Go's encoding/pem.Decode finds them: the first well-formed
 * {@code -----BEGIN T-----} ... {@code -----END T-----} block whose body decodes, skipping
 * malformed ones, with optional {@code Key: value} headers; {@code rest} is what follows it.
 */
final class GoPem {
  private static final byte[] BEGIN = "\n-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n-----END ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DASHES = "-----".getBytes(StandardCharsets.US_ASCII);

  private GoPem() {}

  record Block(String type, byte[] bytes, byte[] rest) {}

  /** The first block in {@code data}, or null when there is none. */
  static Block decode(byte[] data) {
    byte[] rest = data;
    int endTrailerIndex = 0;
    while (true) {
      if (endTrailerIndex < 0 || endTrailerIndex > rest.length) {
        return null;
      }
      rest = Arrays.copyOfRange(rest, endTrailerIndex, rest.length);
      int endIndex = indexOf(rest, END, 0, rest.length);
      if (endIndex < 0) {
        return null;
      }
      endTrailerIndex = endIndex + END.length;
      int beginIndex = lastIndexOf(rest, BEGIN, 1, endIndex);
      if (beginIndex < 0 || (beginIndex > 0 && rest[beginIndex - 1] != '\n')) {
        continue;
      }
      int skip = beginIndex + BEGIN.length - 1;
      rest = Arrays.copyOfRange(rest, skip, rest.length);
      endIndex -= skip;
      endTrailerIndex -= skip;
      int[] line = line(rest, 0);
      byte[] typeLine = Arrays.copyOfRange(rest, 0, line[0]);
      rest = Arrays.copyOfRange(rest, line[1], rest.length);
      endIndex -= line[1];
      endTrailerIndex -= line[1];
      if (!endsWith(typeLine, DASHES)) {
        continue;
      }
      typeLine = Arrays.copyOf(typeLine, typeLine.length - DASHES.length);
      int headers = 0;
      boolean exhausted = false;
      while (true) {
        if (rest.length == 0) {
          exhausted = true;
          break;
        }
        int[] l = line(rest, 0);
        if (indexOf(rest, new byte[] {':'}, 0, l[0]) < 0) {
          break;
        }
        headers++;
        rest = Arrays.copyOfRange(rest, l[1], rest.length);
        endIndex -= l[1];
        endTrailerIndex -= l[1];
      }
      if (exhausted) {
        return null;
      }
      if (headers > 0 && endIndex < 0) {
        continue;
      }
      int trailerLen = typeLine.length + DASHES.length;
      if (endTrailerIndex < 0 || rest.length - endTrailerIndex < trailerLen) {
        continue;
      }
      byte[] trailer = Arrays.copyOfRange(rest, endTrailerIndex, endTrailerIndex + trailerLen);
      if (!startsWith(trailer, typeLine) || !endsWith(trailer, DASHES)) {
        continue;
      }
      int[] after = line(rest, endTrailerIndex + trailerLen);
      if (after[0] != endTrailerIndex + trailerLen) {
        continue;
      }
      byte[] body = new byte[0];
      if (endIndex > 0) {
        StringBuilder b64 = new StringBuilder();
        for (int i = 0; i < endIndex; i++) {
          if (rest[i] != ' ' && rest[i] != '\t') {
            b64.append((char) (rest[i] & 0xff));
          }
        }
        try {
          body = GoBase64.decodeStd(b64.toString());
        } catch (BuiltinException e) {
          continue;
        }
      }
      int[] tail = line(rest, endIndex + END.length - 1);
      return new Block(new String(typeLine, StandardCharsets.UTF_8), body, Arrays.copyOfRange(rest, tail[1], rest.length));
    }
  }

  /** {end of the line's text without trailing spaces, tabs and CR, index after the newline} from {@code from}. */
  private static int[] line(byte[] data, int from) {
    int i = from;
    while (i < data.length && data[i] != '\n') {
      i++;
    }
    int next = i < data.length ? i + 1 : i;
    int endText = i;
    if (i < data.length && i > from && data[i - 1] == '\r') {
      endText--;
    }
    while (endText > from && (data[endText - 1] == ' ' || data[endText - 1] == '\t')) {
      endText--;
    }
    return new int[] {endText, next};
  }

  private static int indexOf(byte[] hay, byte[] needle, int from, int to) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Last index of {@code needle} without its first byte (Go's pemStart[1:]) within [0, to). */
  private static int lastIndexOf(byte[] hay, byte[] needle, int skip, int to) {
    int n = needle.length - skip;
    for (int i = to - n; i >= 0; i--) {
      boolean match = true;
      for (int j = 0; j < n; j++) {
        if (hay[i + j] != needle[skip + j]) {
          match = false;
          break;
        }
      }
      if (match) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] a, byte[] p) {
    return a.length >= p.length && Arrays.equals(a, 0, p.length, p, 0, p.length);
  }

  private static boolean endsWith(byte[] a, byte[] s) {
    return a.length >= s.length && Arrays.equals(a, a.length - s.length, a.length, s, 0, s.length);
  }
}
