package dev.gavel.rego.builtins;

/** The standard library: every builtin family Gavel ships, registered into a fresh registry. */
public final class StandardBuiltins {
  private StandardBuiltins() {}

  public static BuiltinRegistry registry() {
    BuiltinRegistry r = new BuiltinRegistry();
    // Families register here, one line each.
    r.register(new ComparisonBuiltins());
    r.register(new ArithmeticBuiltins());
    r.register(new AggregateBuiltins());
    r.register(new SetBuiltins());
    r.register(new ArrayBuiltins());
    r.register(new ObjectBuiltins());
    r.register(new TypeBuiltins());
    r.register(new StringBuiltins());
    r.register(new RegexBuiltins());
    r.register(new UnitsBuiltins());
    r.register(new TimeBuiltins());
    r.register(new EncodingBuiltins());
    r.register(new GraphBuiltins());
    r.register(new JsonPathBuiltins());
    r.register(new CryptoBuiltins());
    r.register(new BitsBuiltins());
    r.register(new RuntimeBuiltins());
    r.register(new GlobBuiltins());
    r.register(new SemverBuiltins());
    r.register(new NetBuiltins());
    r.register(new JwtBuiltins());
    r.register(new GraphqlBuiltins());
    r.register(new dev.gavel.rego.builtins.x509.X509Builtins());
    r.register(new HttpBuiltins());
    r.register(new UriBuiltins());
    r.register(new AwsBuiltins());
    r.register(new dev.gavel.rego.builtins.jsonschema.JsonSchemaBuiltins());
    r.register(new RegoBuiltins());
    r.register(new InternalBuiltins());
    r.register(new DeprecatedBuiltins());
    return r;
  }
}
