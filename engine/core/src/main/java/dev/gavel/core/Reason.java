package dev.gavel.core;

/** Why a release was denied (or warned): a stable code, a message, and the rule that said so. */
public record Reason(String code, String message, String policy) {}
