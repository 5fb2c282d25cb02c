package dev.gavel.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** RFC 3339 date-time options, parsed in one place. */
final class Rfc3339 implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("must be an RFC 3339 date-time such as 2026-11-30T12:00:00Z but got '" + value + "'");
    }
  }
}
