package org.ncclkit.expected;

import java.util.List;

/** A row of the instance table: a cloud instance type, its hardware as published, and the runs the model is checked on. */
public record InstanceType(String name, NodeHardware hardware, List<Source> sources, List<PublishedFigure> figures) {
}
