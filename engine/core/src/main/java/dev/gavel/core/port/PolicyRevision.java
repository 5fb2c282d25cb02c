package dev.gavel.core.port;

/** Which policy decided: a git commit or a content digest, and where it came from. */
public record PolicyRevision(String revision, String source) {}
