package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.StringValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** crypto.md5/sha1/sha256 and crypto.hmac.* (hex output), crypto.hmac.equal in constant time. */
public final class CryptoBuiltins implements BuiltinFamily {
  private static final Type S = Type.STRING;

  @Override
  public void register(BuiltinRegistry r) {
    digest(r, "crypto.md5", "MD5");
    digest(r, "crypto.sha1", "SHA-1");
    digest(r, "crypto.sha256", "SHA-256");
    hmac(r, "crypto.hmac.md5", "HmacMD5");
    hmac(r, "crypto.hmac.sha1", "HmacSHA1");
    hmac(r, "crypto.hmac.sha256", "HmacSHA256");
    hmac(r, "crypto.hmac.sha512", "HmacSHA512");
    r.register(BuiltinDecl.of("crypto.hmac.equal", Type.BOOLEAN, Param.of("mac1", S), Param.of("mac2", S)),
        (ctx, a) -> BooleanValue.of(MessageDigest.isEqual(
            ((StringValue) a.get(0)).value().getBytes(StandardCharsets.UTF_8),
            ((StringValue) a.get(1)).value().getBytes(StandardCharsets.UTF_8))));
  }

  private static void digest(BuiltinRegistry r, String name, String alg) {
    r.register(BuiltinDecl.of(name, S, Param.of("x", S)), (ctx, a) -> {
      try {
        byte[] d = MessageDigest.getInstance(alg).digest(((StringValue) a.get(0)).value().getBytes(StandardCharsets.UTF_8));
        return StringValue.of(HexFormat.of().formatHex(d));
      } catch (GeneralSecurityException e) {
        throw new BuiltinException(alg + " unavailable: " + e.getMessage());
      }
    });
  }

  private static void hmac(BuiltinRegistry r, String name, String alg) {
    r.register(BuiltinDecl.of(name, S, Param.of("x", S), Param.of("key", S)), (ctx, a) -> {
      try {
        byte[] key = ((StringValue) a.get(1)).value().getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance(alg);
        // An empty key is legal for HMAC but not for SecretKeySpec; a single zero byte is equivalent.
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, alg));
        byte[] out = mac.doFinal(((StringValue) a.get(0)).value().getBytes(StandardCharsets.UTF_8));
        return StringValue.of(HexFormat.of().formatHex(out));
      } catch (GeneralSecurityException e) {
        throw new BuiltinException(alg + " failed: " + e.getMessage());
      }
    });
  }
}
