package io.caravel.api.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

    @Test
    void parsesIpv4AndIpv6IntoBytes() {
        assertThat(IpLiterals.parse("192.168.0.1")).containsExactly(192, 168, 0, 1);
        assertThat(IpLiterals.parse("0000:0000:0000:0000:0000:0000:0000:0001"))
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(IpLiterals.parse("::1")).isEqualTo(IpLiterals.parse("0:0:0:0:0:0:0:1"));
        assertThat(IpLiterals.parse("2001:DB8::1"))
                .containsExactly(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(IpLiterals.parse("::ffff:1.2.3.4"))
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4);
        assertThat(IpLiterals.parse("::")).hasSize(16).containsOnly(0);
        assertThat(IpLiterals.parse("1:2:3:4:5:6:7::")).hasSize(16);
    }

    @ParameterizedTest(name = "{0} is not an IP literal")
    @ValueSource(
            strings = {
                "",
                "1.2.3",
                "1.2.3.4.5",
                "1.2.3.256",
                "01.2.3.4",
                "1.2.3.-4",
                "1.2.3.4 ",
                "a.b.c.d",
                "example.com",
                ":",
                ":::",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                "1::2::3",
                "12345::",
                "::g",
                "::1%eth0",
                "1.2.3.4::",
                "::1.2.3",
                "1:2:3:4:5:6:7:8::",
                "\u0661.2.3.4"
            })
    void refusesEverythingElse(String text) {
        assertThat(IpLiterals.parse(text)).isNull();
    }
}
