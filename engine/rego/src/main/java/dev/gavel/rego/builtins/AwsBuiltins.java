package dev.gavel.rego.builtins;

import dev.gavel.rego.builtins.BuiltinDecl.Param;
import dev.gavel.rego.value.BooleanValue;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.NumberValue;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.SetValue;
import dev.gavel.rego.value.StringValue;
import dev.gavel.rego.value.Value;
import dev.gavel.rego.value.ValueText;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * providers.aws.sign_req: signs an http.send request object with AWS Signature Version 4 as OPA
 * does (host and x-amz-date always signed, x-amz-content-sha256 for s3 and glacier, the session
 * token when given, every request header except authorization, user-agent and x-amzn-trace-id),
 * at the instant the policy passes, and returns the request with the signed headers. Pure: it
 * signs, it sends nothing.
 */
public final class AwsBuiltins implements BuiltinFamily {
  private static final List<String> REQUIRED = List.of("aws_access_key", "aws_region", "aws_secret_access_key", "aws_service");
  private static final List<String> IGNORED_HEADERS = List.of("authorization", "user-agent", "x-amzn-trace-id");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Override
  public void register(BuiltinRegistry r) {
    Type object = Type.objectOf(Type.STRING, Type.ANY);
    r.register(BuiltinDecl.of("providers.aws.sign_req", Type.objectOf(Type.ANY, Type.ANY),
            Param.of("request", object), Param.of("aws_config", object), Param.of("time_ns", Type.NUMBER)),
        (ctx, a) -> sign((ObjectValue) a.get(0), (ObjectValue) a.get(1), (NumberValue) a.get(2)));
  }

  private static Value sign(ObjectValue request, ObjectValue config, NumberValue timeNs) {
    validateConfig(config);
    String service = text(config.get("aws_service"));
    // OPA reads the number's literal as an int64: 1e9 and 1.0 are refused although they are integers.
    if (timeNs.value().scale() != 0 || timeNs.value().toBigInteger().bitLength() > 63) {
      throw new BuiltinException("operand 3 could not convert time_ns value into a unix timestamp", true);
    }
    long ns = timeNs.value().longValueExact();
    Instant at = Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    HttpBuiltins.validateRequest(request, 1);
    ObjectValue headers = ObjectValue.EMPTY;
    Value h = request.get("headers");
    if (h != null) {
      if (!(h instanceof ObjectValue ho)) {
        throw BuiltinException.operand(0, "object", h.typeName());
      }
      headers = ho;
    }
    SetValue.Builder invalid = SetValue.builder();
    if (!(request.get("url") instanceof StringValue)) {
      invalid.add(StringValue.of("url"));
    }
    if (!(request.get("method") instanceof StringValue)) {
      invalid.add(StringValue.of("method"));
    }
    SetValue bad = invalid.build();
    if (bad.size() > 0) {
      throw new BuiltinException("operand 1 invalid values for required request parameters(s): " + ValueText.rego(bad), true);
    }
    GoUrl url = GoUrl.parse(text(request.get("url")));
    String method = text(request.get("method"));
    byte[] body = body(request);
    boolean unsignedPayload = false;
    Value d = config.get("disable_payload_signing");
    if (d != null) {
      if (!(d instanceof BooleanValue b)) {
        throw new BuiltinException("operand 2 invalid value for 'disable_payload_signing' in AWS config", true);
      }
      unsignedPayload = b.value();
    }
    String accessKey = text(config.get("aws_access_key"));
    String secretKey = text(config.get("aws_secret_access_key"));
    String region = text(config.get("aws_region"));
    Value token = config.get("aws_session_token");
    String sessionToken = token == null ? "" : text(token);

    String contentSha = unsignedPayload ? "UNSIGNED-PAYLOAD" : hex(sha256(body));
    String day = DAY.format(at);
    String stamp = STAMP.format(at);
    Map<String, String> awsHeaders = new TreeMap<>();
    awsHeaders.put("host", url.host());
    awsHeaders.put("x-amz-date", stamp);
    if (service.equals("s3") || service.equals("glacier")) {
      awsHeaders.put("x-amz-content-sha256", contentSha);
    }
    if (!sessionToken.isEmpty()) {
      awsHeaders.put("x-amz-security-token", sessionToken);
    }
    Map<String, String> toSign = new TreeMap<>(awsHeaders);
    for (Value k : headers.keys()) {
      String name = text(k).toLowerCase(Locale.ROOT);
      if (!IGNORED_HEADERS.contains(name)) {
        toSign.put(name, text(headers.get(k)));
      }
    }
    StringBuilder canonical = new StringBuilder(method).append('\n').append(url.escapedPath()).append('\n')
        .append(url.rawQuery()).append('\n');
    toSign.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
    canonical.append('\n');
    String signedHeaders = String.join(";", toSign.keySet());
    canonical.append(signedHeaders).append('\n').append(contentSha);
    String scope = day + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n"
        + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, stringToSign));
    String authorization = "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ",SignedHeaders=" + signedHeaders
        + ",Signature=" + signature;

    ObjectValue.Builder signed = ObjectValue.builder();
    for (Value k : headers.keys()) {
      signed.put(StringValue.of(text(k)), StringValue.of(text(headers.get(k))));
    }
    signed.put("Authorization", StringValue.of(authorization));
    awsHeaders.forEach((k, v) -> signed.put(k, StringValue.of(v)));
    ObjectValue.Builder out = ObjectValue.builder();
    for (Value k : request.keys()) {
      out.put(k, request.get(k));
    }
    return out.put("headers", signed.build()).build();
  }

  private static void validateConfig(ObjectValue config) {
    SetValue.Builder missing = SetValue.builder();
    SetValue.Builder invalid = SetValue.builder();
    for (String k : REQUIRED) {
      Value v = config.get(k);
      if (v == null) {
        missing.add(StringValue.of(k));
      } else if (!(v instanceof StringValue)) {
        invalid.add(StringValue.of(k));
      }
    }
    SetValue m = missing.build();
    if (m.size() > 0) {
      throw new BuiltinException("operand 2 missing required AWS config parameters(s): " + ValueText.rego(m), true);
    }
    SetValue i = invalid.build();
    if (i.size() > 0) {
      throw new BuiltinException("operand 2 invalid values for required AWS config parameters(s): " + ValueText.rego(i), true);
    }
  }

  /** raw_body as given, else body as JSON, else nothing. */
  private static byte[] body(ObjectValue request) {
    Value raw = request.get("raw_body");
    if (raw != null) {
      return text(raw).getBytes(StandardCharsets.UTF_8);
    }
    Value body = request.get("body");
    if (body != null) {
      return JsonValues.write(body).getBytes(StandardCharsets.UTF_8);
    }
    return new byte[0];
  }

  /** A string value's text; anything else counts as "" (as OPA reads header values). */
  private static String text(Value v) {
    return v instanceof StringValue s ? s.value() : "";
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new BuiltinException("SHA-256 unavailable: " + e.getMessage());
    }
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new BuiltinException("HMAC-SHA256 failed: " + e.getMessage());
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
