package dev.gavel.rego.builtins.template;

/** A template that does not parse or execute, with Go's text/template message. */
public final class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }
}
