package dev.gavel.cli;

import dev.gavel.http.AccessEntries;
import dev.gavel.http.ServerSettings;
import dev.gavel.http.auth.Role;
import dev.gavel.http.auth.TokenStore;
import dev.gavel.runtime.Gavel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gavel tokens create|list|revoke}: bearer tokens for {@code gavel serve}. Only each token's
 * hash is stored (with role, name, expiry); the token is printed once, alone on standard output.
 * Issuing and revoking are {@code access} ledger entries.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Manage bearer tokens for gavel serve.")
final class TokensCommand implements Runnable {
  private final Io io;

  TokensCommand(Io io) {
    this.io = io;
  }

  static CommandLine line(Io io) {
    return new CommandLine(new TokensCommand(io)).addSubcommand(new Create(io)).addSubcommand(new ListTokens(io))
        .addSubcommand(new Revoke(io));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(io.out());
  }

  static String actor() {
    return "cli:" + System.getProperty("user.name", "?");
  }

  /** {@code gavel tokens create --role R --name N [--expires DURATION]}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Issue a token and print it once, alone on standard output (only its hash is kept).",
          "A pipeline token's name is the requester.id it may ask as."})
  static final class Create implements Callable<Integer> {
    private final Io io;

    @Option(names = "--role", required = true, description = "pipeline, board, auditor, risk-officer or admin.")
    String role;

    @Option(names = "--name", required = true, description = "Who holds it (for a pipeline: its requester.id).")
    String name;

    @Option(names = "--expires", paramLabel = "DURATION", description = "Lifetime such as 90d, 12h or 30m (default: no expiry).")
    String expires;

    @Mixin
    SharedOptions.Home home;

    Create(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try (Gavel g = home.runtime(io)) {
        Role r;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant until;
        try {
          r = Role.require(role);
          until = expires == null ? null : now.plus(TokenStore.lifetime(expires));
        } catch (IllegalArgumentException e) {
          throw new UserError("--" + (e.getMessage().startsWith("unknown role") ? "role" : "expires") + ": " + e.getMessage());
        }
        TokenStore store = new TokenStore(ServerSettings.tokensFile(g.config().home()));
        TokenStore.Issued issued;
        try {
          issued = TokenStore.mint(name, r, now, until);
        } catch (IllegalArgumentException e) {
          throw new UserError("--name: " + e.getMessage());
        }
        // Recorded before it exists: no usable token is ever missing from the ledger.
        AccessEntries.tokenCreated(g.ledger(), now, actor(), issued.token());
        store.save(issued);
        io.out().println(issued.secret());
        io.err().println("gavel tokens: created token " + issued.token().id() + " for " + name + " (role " + r.wire()
            + (until == null ? ", no expiry" : ", expires " + until) + "); it is shown only this once");
        return ExitCode.OK;
      } catch (Exception e) {
        return Failures.report(io, "tokens create", e, ExitCode.BAD_INPUT);
      }
    }
  }

  /** {@code gavel tokens list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (id, name, role, status, created, expires; never the token).")
  static final class ListTokens implements Callable<Integer> {
    private final Io io;

    @Mixin
    SharedOptions.Home home;

    ListTokens(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try (Gavel g = home.runtime(io)) {
        List<TokenStore.Token> all = new TokenStore(ServerSettings.tokensFile(g.config().home())).list();
        Instant now = Instant.now();
        io.out().printf("%-12s  %-24s  %-12s  %-7s  %-20s  %s%n", "ID", "NAME", "ROLE", "STATUS", "CREATED", "EXPIRES");
        for (TokenStore.Token t : all) {
          io.out().printf("%-12s  %-24s  %-12s  %-7s  %-20s  %s%n", t.id(), t.name(), t.role().wire(), t.status(now), t.created(),
              t.expires() == null ? "-" : t.expires().toString());
        }
        return ExitCode.OK;
      } catch (Exception e) {
        return Failures.report(io, "tokens list", e, ExitCode.BAD_INPUT);
      }
    }
  }

  /** {@code gavel tokens revoke ID|NAME}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a token by id, or every active token of a name; takes effect at once on a running server.")
  static final class Revoke implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "ID|NAME")
    String which;

    @Mixin
    SharedOptions.Home home;

    Revoke(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try (Gavel g = home.runtime(io)) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Revoked first: a revocation must take effect even if recording it fails (then exit 2 says so).
        List<TokenStore.Token> done = new TokenStore(ServerSettings.tokensFile(g.config().home())).revoke(which, now);
        if (done.isEmpty()) {
          throw new UserError("no active token with id or name '" + which + "'");
        }
        for (TokenStore.Token t : done) {
          AccessEntries.tokenRevoked(g.ledger(), now, actor(), t);
          io.out().println("revoked " + t.id() + " (" + t.name() + ", " + t.role().wire() + ")");
        }
        return ExitCode.OK;
      } catch (Exception e) {
        return Failures.report(io, "tokens revoke", e, ExitCode.BAD_INPUT);
      }
    }
  }
}
