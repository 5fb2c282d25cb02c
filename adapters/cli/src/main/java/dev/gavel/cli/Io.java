package dev.gavel.cli;

import java.io.PrintStream;
import java.util.Map;

/** Where a command writes and what environment it sees; injected so commands are testable in-process. */
record Io(PrintStream out, PrintStream err, Map<String, String> env) {}
