package org.ncclkit.monitor;

/**
 * When {@link Problems} speaks up: a GPU at or below {@code idlePercent} while another is at or above
 * {@code busyPercent}; a GPU at or above {@code hotCelsius}; a node silent for more than {@code silentIntervals}.
 */
public record Thresholds(int idlePercent, int busyPercent, int hotCelsius, int silentIntervals) {
    public static final Thresholds DEFAULTS = new Thresholds(5, 50, 85, 3);

    public Thresholds {
        if (idlePercent < 0 || busyPercent <= idlePercent || busyPercent > 100 || hotCelsius <= 0 || silentIntervals < 1) {
            throw new IllegalArgumentException("thresholds out of range: idle " + idlePercent + "%, busy " + busyPercent
                    + "%, hot " + hotCelsius + " C, silent after " + silentIntervals + " intervals");
        }
    }

    public Thresholds withHotCelsius(int celsius) {
        return new Thresholds(idlePercent, busyPercent, celsius, silentIntervals);
    }
}
