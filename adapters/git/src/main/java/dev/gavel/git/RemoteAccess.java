package dev.gavel.git;

import java.nio.file.Path;

/**
 * How Gavel authenticates to a remote policy repository: a token for http(s) remotes (sent as the
 * password of user {@code x-access-token}, as GitHub, GitLab and Gitea accept it), and the directory
 * holding the SSH client files for ssh remotes (private keys {@code id_ed25519}, {@code id_ecdsa},
 * {@code id_rsa}, {@code known_hosts}, {@code config}; default {@code ~/.ssh}). An ssh server whose
 * host key is not in {@code known_hosts} is refused, never accepted on first use.
 */
public record RemoteAccess(String token, Path sshDirectory) {
  public static final RemoteAccess NONE = new RemoteAccess(null, null);

  public RemoteAccess {
    if (token != null && token.isBlank()) {
      token = null;
    }
  }

  /** The SSH directory in force: the configured one, else {@code ~/.ssh}. */
  Path sshDirectoryOrDefault() {
    return sshDirectory != null ? sshDirectory : Path.of(System.getProperty("user.home"), ".ssh");
  }

  @Override
  public String toString() {
    // never the token
    return "RemoteAccess[token " + (token == null ? "none" : "set") + ", ssh " + sshDirectoryOrDefault() + "]";
  }
}
