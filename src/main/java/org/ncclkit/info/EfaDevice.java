package org.ncclkit.info;

/**
 * An RDMA device under {@code /sys/class/infiniband} whose driver is {@code efa}, with the state and link rate of its
 * port 1; {@code rateGbps} is null where sysfs does not tell.
 */
public record EfaDevice(String name, String state, Double rateGbps) {
}
