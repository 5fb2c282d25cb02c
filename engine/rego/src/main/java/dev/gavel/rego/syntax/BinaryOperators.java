package dev.gavel.rego.syntax;

/**
 * The binary operators: their precedence for {@link ExprParser}'s precedence climbing and the
 * builtin each one calls.
 */
final class BinaryOperators {
  private BinaryOperators() {}

  /** Precedence of {@code t} as a binary operator, or 0 when it is not one. */
  static int precedence(Token t) {
    switch (t.kind()) {
      case UNIFY:
      case ASSIGN:
        return ExprParser.PREC_ASSIGN;
      case EQUAL:
      case NEQ:
      case LT:
      case LTE:
      case GT:
      case GTE:
        return ExprParser.PREC_COMPARE;
      case BAR:
        return ExprParser.PREC_OR;
      case AMP:
        return ExprParser.PREC_AND;
      case PLUS:
      case MINUS:
        return ExprParser.PREC_ADD;
      case STAR:
      case SLASH:
      case PERCENT:
        return ExprParser.PREC_MUL;
      case IDENT:
        return t.text().equals("in") ? ExprParser.PREC_IN : 0;
      default:
        return 0;
    }
  }

  /** The builtin an operator calls ({@code +} is plus, {@code in} is internal.member_2). */
  static String name(Token t) {
    switch (t.kind()) {
      case UNIFY:
        return "eq";
      case ASSIGN:
        return "assign";
      case EQUAL:
        return "equal";
      case NEQ:
        return "neq";
      case LT:
        return "lt";
      case LTE:
        return "lte";
      case GT:
        return "gt";
      case GTE:
        return "gte";
      case BAR:
        return "or";
      case AMP:
        return "and";
      case PLUS:
        return "plus";
      case MINUS:
        return "minus";
      case STAR:
        return "mul";
      case SLASH:
        return "div";
      case PERCENT:
        return "rem";
      default:
        return "internal.member_2";
    }
  }
}
