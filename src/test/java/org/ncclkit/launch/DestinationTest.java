package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** SSH destinations as --hosts may write them: [user@]host[:port], IPv6 in brackets when a port follows. */
class DestinationTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            node01                   | -     | node01       | -
            admin@node01             | admin | node01       | -
            node01:2222              | -     | node01       | 2222
            admin@172.31.15.30:2222  | admin | 172.31.15.30 | 2222
            ::1                      | -     | ::1          | -
            [::1]:2222               | -     | ::1          | 2222
            me@[fe80::1%eth0]        | me    | fe80::1%eth0 | -
            node[01-04]:2222         | -     | node[01-04]  | 2222
            """)
    void splitsUserHostAndPort(String text, String user, String host, Integer port) {
        Destination destination = Destination.parse(text);

        assertThat(destination.user()).isEqualTo(Optional.ofNullable(user));
        assertThat(destination.host()).isEqualTo(host);
        assertThat(destination.port()).isEqualTo(port == null ? OptionalInt.empty() : OptionalInt.of(port));
    }

    @Test
    void writtenBackItIsWhatWasParsed() {
        for (String text : new String[] {"node01", "me@node01:2222", "[::1]:22", "::1", "me@node[1-2]"}) {
            assertThat(Destination.parse(text)).hasToString(text);
        }
    }

    @Test
    void badPortsAndUsersAreErrorsNamingThem() {
        assertThatThrownBy(() -> Destination.parse("node:ssh")).hasMessage("'node:ssh' has the port 'ssh', which is not a number");
        assertThatThrownBy(() -> Destination.parse("node:70000")).hasMessage("port 70000 is not between 1 and 65535");
        assertThatThrownBy(() -> Destination.parse("@node")).hasMessage("'' is not a user name");
        assertThatThrownBy(() -> Destination.parse("[::1]x")).hasMessage("'[::1]x' has 'x' after the address; write [address]:port");
    }
}
