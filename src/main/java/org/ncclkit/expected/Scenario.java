package org.ncclkit.expected;

/** Which end of each calibration's range the model is evaluated at: its nominal value, or the pessimistic or optimistic end. */
enum Scenario {
    NOMINAL, LOW, HIGH
}
