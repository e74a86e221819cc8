package org.ncclkit.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake {@code /sys} laid out like the kernel's: class entries link to devices, whose driver links name the driver. */
class EfaDevicesTest {
    @TempDir
    Path sys;

    private Path infiniband;

    @BeforeEach
    void drivers() throws IOException {
        infiniband = Files.createDirectories(sys.resolve("class/infiniband"));
        Files.createDirectories(sys.resolve("bus/pci/drivers/efa"));
        Files.createDirectories(sys.resolve("bus/pci/drivers/mlx5_core"));
    }

    /** An RDMA device directory with {@code device/driver} linking to the named driver and port 1 in a state. */
    private Path rdmaDevice(Path dir, String driver, String portState) throws IOException {
        Path device = Files.createDirectories(dir.resolve("device"));
        Files.createSymbolicLink(device.resolve("driver"), sys.resolve("bus/pci/drivers").resolve(driver));
        if (portState != null) {
            Path port = Files.createDirectories(dir.resolve("ports/1"));
            Files.writeString(port.resolve("state"), portState + "\n");
        }
        return dir;
    }

    @Test
    void listsOnlyDevicesWhoseDriverIsEfa() throws IOException {
        rdmaDevice(infiniband.resolve("rdmap0s31"), "efa", "4: ACTIVE");
        rdmaDevice(infiniband.resolve("mlx5_0"), "mlx5_core", "4: ACTIVE");

        assertThat(EfaDevices.scan(infiniband)).containsExactly(new EfaDevice("rdmap0s31", "ACTIVE", null));
    }

    @Test
    void followsClassEntriesThatAreLinksAndRelativeDriverLinks() throws IOException {
        Path pciDevice = Files.createDirectories(sys.resolve("devices/pci0000:00/0000:00:1f.0"));
        Path rdma = Files.createDirectories(pciDevice.resolve("infiniband/rdmap0s31"));
        Files.createSymbolicLink(rdma.resolve("device"), Path.of("../../../0000:00:1f.0"));
        Files.createSymbolicLink(pciDevice.resolve("driver"), Path.of("../../../bus/pci/drivers/efa"));
        Files.createDirectories(rdma.resolve("ports/1"));
        Files.writeString(rdma.resolve("ports/1/state"), "4: ACTIVE\n");
        Files.createSymbolicLink(infiniband.resolve("rdmap0s31"), rdma);

        assertThat(EfaDevices.scan(infiniband)).containsExactly(new EfaDevice("rdmap0s31", "ACTIVE", null));
    }

    @Test
    void reportsThePortStateWithoutItsNumberAndSortsByName() throws IOException {
        rdmaDevice(infiniband.resolve("rdmap16s27"), "efa", "1: DOWN");
        rdmaDevice(infiniband.resolve("rdmap0s31"), "efa", "4: ACTIVE");

        assertThat(EfaDevices.scan(infiniband)).containsExactly(
                new EfaDevice("rdmap0s31", "ACTIVE", null), new EfaDevice("rdmap16s27", "DOWN", null));
    }

    @Test
    void deviceWithoutAPortStateIsListedAsUnknown() throws IOException {
        rdmaDevice(infiniband.resolve("rdmap0s31"), "efa", null);

        assertThat(EfaDevices.scan(infiniband)).containsExactly(new EfaDevice("rdmap0s31", "unknown", null));
    }

    @Test
    void readsTheLinkRateOfPortOneInGigabitsPerSecond() throws IOException {
        Path device = rdmaDevice(infiniband.resolve("rdmap79s0"), "efa", "4: ACTIVE");
        Files.writeString(device.resolve("ports/1/rate"), "200 Gb/sec (2X NDR)\n");

        assertThat(EfaDevices.scan(infiniband)).containsExactly(new EfaDevice("rdmap79s0", "ACTIVE", 200.0));
    }

    @Test
    void unreadableRateIsNull() throws IOException {
        Path device = rdmaDevice(infiniband.resolve("rdmap79s0"), "efa", "4: ACTIVE");
        Files.writeString(device.resolve("ports/1/rate"), "unknown\n");

        assertThat(EfaDevices.scan(infiniband)).containsExactly(new EfaDevice("rdmap79s0", "ACTIVE", null));
    }

    @Test
    void entryWithoutADriverLinkIsSkipped() throws IOException {
        Files.createDirectories(infiniband.resolve("rxe0/device"));

        assertThat(EfaDevices.scan(infiniband)).isEmpty();
    }

    @Test
    void missingInfinibandClassGivesNoDevices() {
        assertThat(EfaDevices.scan(sys.resolve("no/such/dir"))).isEmpty();
    }
}
