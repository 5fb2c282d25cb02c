package dev.gavel.core.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** What a rule found, before the detector applies its cooldown and names it: see {@link Alert}. */
record Finding(String type, String key, String subject, ObjectNode data, Duration cooldown) {}
