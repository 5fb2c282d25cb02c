package dev.gavel.http;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Streams lines from a worker thread to a response with backpressure: lines are gathered into
 * chunks of about 64 KiB, at most {@code IN_FLIGHT} chunks are written and not yet flushed to the
 * socket at a time (the worker waits for the client, so the export never holds more than that in
 * memory), and a client that goes away or stops reading for {@code STALL} ends the stream (the
 * worker's next line throws {@link Aborted}, which stops the ledger read). The status and headers
 * are sent with the first chunk, so an export that fails before filling one still gets a proper
 * error answer.
 */
final class LineStream implements Consumer<String> {
  private static final int CHUNK = 64 * 1024;
  private static final int IN_FLIGHT = 4;
  private static final long STALL_SECONDS = 60;
  private final Context context;
  private final HttpServerResponse response;
  private final String contentType;
  private final Semaphore slots = new Semaphore(IN_FLIGHT);
  private final StringBuilder chunk = new StringBuilder(CHUNK + 1024);
  private volatile boolean broken;
  private boolean started;

  /** The client went away or stopped reading; the stream was abandoned. */
  static final class Aborted extends RuntimeException {
    Aborted(String message) {
      super(message, null, false, false);
    }
  }

  LineStream(Context context, HttpServerResponse response, String contentType) {
    this.context = context;
    this.response = response;
    this.contentType = contentType;
    context.runOnContext(v -> response.closeHandler(x -> broken = true));
  }

  /** Whether anything was sent (after that, a failure can only cut the stream). */
  boolean started() {
    return started;
  }

  @Override
  public void accept(String line) {
    if (broken) {
      throw new Aborted("the client closed the connection");
    }
    chunk.append(line).append('\n');
    if (chunk.length() >= CHUNK) {
      flush(false);
    }
  }

  /** Sends what is left and ends the response. */
  void finish() {
    flush(true);
  }

  /** Cuts the stream after a failure past the first chunk (the client sees an incomplete body). */
  void cut() {
    context.runOnContext(v -> response.reset());
  }

  private void flush(boolean last) {
    Buffer b = Buffer.buffer(chunk.toString().getBytes(StandardCharsets.UTF_8));
    chunk.setLength(0);
    try {
      if (!slots.tryAcquire(STALL_SECONDS, TimeUnit.SECONDS)) {
        broken = true;
        context.runOnContext(v -> response.reset());
        throw new Aborted("the client stopped reading");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Aborted("interrupted");
    }
    boolean first = !started;
    started = true;
    context.runOnContext(v -> {
      if (first) {
        response.setChunked(true).setStatusCode(200).putHeader("Content-Type", contentType);
      }
      (last ? response.end(b) : response.write(b)).onComplete(ar -> {
        if (ar.failed()) {
          broken = true;
        }
        slots.release();
      });
    });
    if (broken) {
      throw new Aborted("the client closed the connection");
    }
  }
}
