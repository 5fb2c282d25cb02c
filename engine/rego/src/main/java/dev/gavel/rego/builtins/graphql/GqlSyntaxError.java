package dev.gavel.rego.builtins.graphql;

/** A GraphQL syntax or validation error at a position, worded as gqlparser words it. */
final class GqlSyntaxError extends RuntimeException {
  final int line;
  final int column;

  GqlSyntaxError(String message, int line, int column) {
    super(message);
    this.line = line;
    this.column = column;
  }
}
