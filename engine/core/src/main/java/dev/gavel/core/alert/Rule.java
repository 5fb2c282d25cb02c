package dev.gavel.core.alert;

import java.time.Instant;
import java.util.List;

/** One anomaly rule: told every observation in order, with the detector's time; keeps its own bounded state. */
interface Rule {
  List<Finding> on(Observation o, Instant now);
}
