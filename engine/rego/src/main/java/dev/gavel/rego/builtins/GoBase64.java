package dev.gavel.rego.builtins;

import java.io.ByteArrayOutputStream;

/**
 * Base64 decoding with Go's encoding/base64 rules, which OPA's builtins inherit: carriage returns
 * and newlines are skipped anywhere, padding is required (standard and URL alphabets) and must be
 * correct, and an error names the offset of the first offending byte ("illegal base64 data at input
 * byte 4").
 */
public final class GoBase64 {
  private static final String STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final String URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private GoBase64() {}

  /** Standard alphabet, padded; throws BuiltinException("illegal base64 data at input byte N"). */
  public static byte[] decodeStd(String s) {
    return decode(s, STD);
  }

  /** URL alphabet, padded. */
  public static byte[] decodeUrl(String s) {
    return decode(s, URL);
  }

  private static byte[] decode(String text, String alphabet) {
    byte[] src = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(src.length * 3 / 4);
    int si = 0;
    int[] dbuf = new int[4];
    while (true) {
      int dlen = 4;
      int j = 0;
      boolean end = false;
      for (; j < 4; j++) {
        if (si == src.length) {
          if (j == 0) {
            return out.toByteArray();
          }
          throw illegal(si - j);
        }
        int in = src[si] & 0xff;
        si++;
        int v = in < 0x80 ? alphabet.indexOf(in) : -1;
        if (v >= 0) {
          dbuf[j] = v;
          continue;
        }
        if (in == '\n' || in == '\r') {
          j--;
          continue;
        }
        if (in != '=') {
          throw illegal(si - 1);
        }
        // Padding: the quantum ends here.
        if (j == 0 || j == 1) {
          throw illegal(si - 1);
        }
        if (j == 2) {
          while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
            si++;
          }
          if (si == src.length) {
            throw illegal(src.length);
          }
          if (src[si] != '=') {
            throw illegal(si - 1);
          }
          si++;
        }
        while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
          si++;
        }
        if (si < src.length) {
          throw illegal(si);
        }
        dlen = j;
        end = true;
        break;
      }
      int val = dbuf[0] << 18 | dbuf[1] << 12 | (dlen > 2 ? dbuf[2] << 6 : 0) | (dlen > 3 ? dbuf[3] : 0);
      out.write(val >> 16);
      if (dlen > 2) {
        out.write((val >> 8) & 0xff);
      }
      if (dlen > 3) {
        out.write(val & 0xff);
      }
      if (end) {
        return out.toByteArray();
      }
    }
  }

  private static BuiltinException illegal(int at) {
    return new BuiltinException("illegal base64 data at input byte " + at);
  }
}
