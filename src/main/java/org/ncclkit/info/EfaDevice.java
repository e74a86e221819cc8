package org.ncclkit.info;

/** An RDMA device under {@code /sys/class/infiniband} whose driver is {@code efa}, with its port state. */
public record EfaDevice(String name, String state) {
}
