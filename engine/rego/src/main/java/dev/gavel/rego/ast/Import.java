package dev.gavel.rego.ast;

import dev.gavel.rego.Location;

/** {@code import data.x.y as z}, {@code import input.a}, {@code import rego.v1}, {@code import future.keywords.in}. */
public record Import(Term.Ref path, String alias, Location location) {}
