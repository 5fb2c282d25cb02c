package dev.gavel.rego.syntax;

import dev.gavel.rego.syntax.FormatTree.Comment;
import java.util.ArrayList;
import java.util.List;

/**
 * The formatter's output: the text written so far, the indentation level, and the source comments
 * not yet printed (each is printed above the line that starts at or after it, or at the end of
 * the printed line that starts on its own line).
 */
abstract class FormatOutput {
  /** Two comments would end one line: the enclosing term is printed as written instead. */
  static final class UnexpectedComment extends RuntimeException {
    UnexpectedComment() {
      super(null, null, false, false);
    }
  }

  final String src;
  final StringBuilder buf = new StringBuilder();
  List<Comment> comments;
  int level;
  boolean inline;
  boolean delay;
  Comment beforeEnd;
  boolean commentOnFinalLine;

  static <T> T last(List<T> l) {
    return l.get(l.size() - 1);
  }

  // ---- comments and lines -------------------------------------------------------------------

  void insertComments(int row) {
    List<Comment> before = new ArrayList<>();
    Comment at = null;
    List<Comment> after = new ArrayList<>();
    for (Comment c : comments) {
      if (c.line() < row) {
        before.add(c);
      } else if (c.line() == row) {
        at = c;
      } else {
        after.add(c);
      }
    }
    if (before.isEmpty() && at == null) {
      return;
    }
    comments = after;
    writeComments(before);
    if (!before.isEmpty() && row - last(before).line() > 1) {
      blankLine();
    }
    beforeLineEnd(at);
  }

  void writeComments(List<Comment> list) {
    boolean inMetadata = false;
    for (int k = 0; k < list.size(); k++) {
      if (k > 0) {
        int d = list.get(k).line() - list.get(k - 1).line();
        if (d > 1) {
          blankLine();
          inMetadata = false;
        } else if (d == 1 && inMetadata && isMetadata(list.get(k))) {
          blankLine();
        }
      }
      if (isMetadata(list.get(k))) {
        inMetadata = true;
      }
      writeLine(list.get(k).render());
    }
  }

  static boolean isMetadata(Comment c) {
    return c.text().strip().equals("METADATA");
  }

  void beforeLineEnd(Comment c) {
    if (beforeEnd != null) {
      if (c == null) {
        return;
      }
      beforeEnd = null;
      throw new UnexpectedComment();
    }
    beforeEnd = c;
  }

  void startLine() {
    inline = true;
    for (int k = 0; k < level; k++) {
      buf.append('\t');
    }
  }

  void endLine() {
    inline = false;
    if (beforeEnd != null && !delay) {
      write(" " + beforeEnd.render());
      beforeEnd = null;
    }
    delay = false;
    write("\n");
  }

  void blankLine() {
    if (inline) {
      endLine();
    }
    write("\n");
  }

  void writeLine(String s) {
    if (!inline) {
      startLine();
    }
    write(s);
    endLine();
  }

  void write(String s) {
    buf.append(s);
  }

  void up() {
    level++;
  }

  void down() {
    if (level > 0) {
      level--;
    }
  }

  FormatOutput(String src) {
    this.src = src;
  }
}
